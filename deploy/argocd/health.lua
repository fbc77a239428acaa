-- Argo CD health of a Kiln ModelDeployment (kiln.dev/v1alpha1), read from the kstatus-style status the
-- operator writes: observedGeneration and the Ready, Reconciling and Stalled conditions.
-- Uses only Lua's base library, which every Argo CD version's sandbox offers.
local hs = {}

local function condition(conditionType)
  if obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

local function messageOf(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return fallback
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Kiln operator to report status"
  return hs
end

-- A status written for an older generation says nothing about the current spec.
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the Kiln operator to observe generation " .. generation
  return hs
end

local stalled = condition("Stalled")
if isTrue(stalled) then
  hs.status = "Degraded"
  hs.message = messageOf(stalled, "Stalled")
  return hs
end

local ready = condition("Ready")
local phase = obj.status.phase
if phase == "Failed" or phase == "Degraded" then
  hs.status = "Degraded"
  hs.message = messageOf(ready, "Phase " .. phase)
  return hs
end

local rollout = obj.status.rollout
local rolloutRunning = rollout ~= nil and rollout.canaryRevision ~= nil and rollout.canaryRevision ~= ""
local pausedInSpec = obj.spec ~= nil and obj.spec.rollout ~= nil and obj.spec.rollout.paused == true
if phase == "Paused" or (pausedInSpec and rolloutRunning) then
  hs.status = "Suspended"
  if rolloutRunning then
    hs.message = "Rollout of revision " .. rollout.canaryRevision .. " is paused"
  else
    hs.message = "Rollout is paused"
  end
  return hs
end

if rolloutRunning then
  hs.status = "Progressing"
  local weight = rollout.canaryWeight
  if weight == nil then
    weight = 0
  end
  hs.message = "Canary revision " .. rollout.canaryRevision .. " receives " .. weight .. "% of traffic"
  return hs
end

local reconciling = condition("Reconciling")
if isTrue(reconciling) then
  hs.status = "Progressing"
  hs.message = messageOf(reconciling, "Reconciling")
  return hs
end

if isTrue(ready) then
  hs.status = "Healthy"
  hs.message = messageOf(ready, "Ready")
  return hs
end

hs.status = "Progressing"
hs.message = messageOf(ready, "Waiting for the ModelDeployment to become Ready")
return hs
