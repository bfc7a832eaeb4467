package dev.bindery.llama.internal.generation;

import java.util.ArrayList;
import java.util.List;

/** Test model: call k returns logits whose maximum is {@code script[k]}; records each call's start position. */
final class ScriptedModel implements LogitsFunction {
    private final int vocabulary;
    private final int[] script;
    final List<Integer> startPositions = new ArrayList<>();

    ScriptedModel(int vocabulary, int... script) {
        this.vocabulary = vocabulary;
        this.script = script;
    }

    @Override
    public float[] forward(int[] tokens, int startPos) {
        int k = startPositions.size();
        startPositions.add(startPos);
        float[] logits = new float[vocabulary];
        logits[script[k]] = 10f;
        return logits;
    }
}
