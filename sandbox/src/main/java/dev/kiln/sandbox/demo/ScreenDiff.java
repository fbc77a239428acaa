package dev.kiln.sandbox.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Remembers what each block last showed and hands back only the blocks whose text changed since. */
public final class ScreenDiff {

    private final Map<String, List<String>> shown = new HashMap<>();

    public List<DemoView.Block> changed(List<DemoView.Block> blocks) {
        List<DemoView.Block> changed = new ArrayList<>();
        for (DemoView.Block block : blocks) {
            if (!block.lines().equals(shown.get(block.key()))) {
                shown.put(block.key(), block.lines());
                changed.add(block);
            }
        }
        return changed;
    }
}
