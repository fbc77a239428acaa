package dev.kiln.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;

/**
 * Runs an Argo CD resource health script the way Argo CD does: the resource as the global table obj, the
 * script's returned table read for status and message. Only the base, package and table libraries are
 * loaded, a subset of what Argo CD's sandbox offers, so a script that passes here runs there.
 */
final class ArgoCdHealthCheck {

    record Health(String status, String message) {
    }

    private final String script;

    ArgoCdHealthCheck(String script) {
        this.script = script;
    }

    Health evaluate(JsonNode resource) {
        Globals globals = new Globals();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        LoadState.install(globals);
        LuaC.install(globals);
        globals.set("obj", LuaJson.toLua(resource));
        LuaValue result = globals.load(script, "health.lua").call();
        if (!result.istable()) {
            throw new IllegalStateException("health.lua returned " + result.typename() + ", not a table");
        }
        return new Health(result.get("status").optjstring(null), result.get("message").optjstring(null));
    }
}
