{{/* Name of the operator's objects: <release>-operator, so release "kiln" matches deploy/. */}}
{{- define "kiln.fullname" -}}
{{- printf "%s-operator" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kiln.labels" -}}
app.kubernetes.io/name: kiln-operator
app.kubernetes.io/part-of: kiln
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "kiln.selectorLabels" -}}
app.kubernetes.io/name: kiln-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kiln.subject" -}}
- kind: ServiceAccount
  name: {{ include "kiln.fullname" . }}
  namespace: {{ .Release.Namespace }}
{{- end -}}
