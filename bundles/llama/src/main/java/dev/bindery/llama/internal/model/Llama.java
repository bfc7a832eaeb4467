package dev.bindery.llama.internal.model;

import dev.bindery.api.InvalidInputException;
import dev.bindery.tensor.kernel.Activations;
import dev.bindery.tensor.kernel.MatMul;
import dev.bindery.tensor.kernel.Matrix;
import dev.bindery.tensor.kernel.Norms;
import dev.bindery.tensor.kernel.Parallel;
import dev.bindery.tensor.kernel.Rope;
import dev.bindery.tensor.kernel.VectorMath;
import java.util.List;
import java.util.Objects;

/**
 * The LLaMA decoder as ImageBind-LLM runs it, in one readable flow (after llama3.java): token embedding; per block
 * pre-norm RMSNorm, q/k/v projections (with the fine-tune's biases and LoRA), RoPE in Meta's interleaved pair
 * layout, causal attention over the key/value cache, the gated visual term added to every token's attention output,
 * {@code wo}, residual; RMSNorm, SwiGLU feed-forward, residual; final RMSNorm and the output projection (no weight
 * tying).
 *
 * <p>The model is immutable and shared by all requests; each request brings its own {@link LlamaState}. A prompt
 * is processed in batches of up to {@value #PROMPT_CHUNK} tokens with matrix-matrix products (each weight row is
 * read once per batch); a decode step is one matrix-vector product per weight, so the weights are streamed once
 * per token. All products run on the model's {@link Parallel} pool.
 */
public final class Llama {
    /** Tokens processed together during prompt processing. */
    public static final int PROMPT_CHUNK = 64;

    private final LlamaConfig config;
    private final Matrix tokenEmbedding;
    private final LlamaLayer[] layers;
    private final float[] norm;
    private final Matrix output;
    private final int contextLength;
    private final Parallel parallel;
    private final Rope rope;
    private final int maxRank;
    private final boolean hasAdapter;

    /**
     * Assembles a model from weights whose shapes the loader has checked by name; this constructor re-checks them.
     *
     * @param contextLength the most positions a request may use (upstream {@code max_seq_len}, 512)
     * @throws IllegalArgumentException if a shape does not fit the configuration
     */
    public Llama(LlamaConfig config, Matrix tokenEmbedding, List<LlamaLayer> layers, float[] norm, Matrix output,
            int contextLength, Parallel parallel) {
        this.config = Objects.requireNonNull(config, "config");
        this.tokenEmbedding = tokenEmbedding;
        this.layers = layers.toArray(new LlamaLayer[0]);
        this.norm = norm;
        this.output = output;
        this.contextLength = contextLength;
        this.parallel = Objects.requireNonNull(parallel, "parallel");
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must be at least 2, was " + contextLength);
        }
        check(tokenEmbedding.rows() == config.vocabSize() && tokenEmbedding.cols() == config.dim(),
                "token embedding " + tokenEmbedding);
        check(output.rows() == config.vocabSize() && output.cols() == config.dim(), "output " + output);
        check(norm.length == config.dim(), "final norm of " + norm.length);
        check(this.layers.length == config.nLayers(), this.layers.length + " layers");
        int rank = 0;
        boolean adapter = false;
        for (LlamaLayer l : this.layers) {
            checkLayer(l);
            rank = Math.max(rank, l.maxRank());
            adapter |= l.adapter() != null;
        }
        this.maxRank = rank;
        this.hasAdapter = adapter;
        this.rope = Rope.create(config.headDim(), contextLength, config.ropeTheta());
    }

    private void checkLayer(LlamaLayer l) {
        int dim = config.dim();
        int kv = config.kvDim();
        int hidden = config.hiddenDim();
        check(l.attentionNorm().length == dim && l.ffnNorm().length == dim, "layer norms");
        checkLinear(l.wq(), dim, dim, "wq");
        checkLinear(l.wk(), kv, dim, "wk");
        checkLinear(l.wv(), kv, dim, "wv");
        checkLinear(l.wo(), dim, dim, "wo");
        checkLinear(l.w1(), hidden, dim, "w1");
        checkLinear(l.w2(), dim, hidden, "w2");
        checkLinear(l.w3(), hidden, dim, "w3");
        if (l.adapter() != null) {
            check(config.nKvHeads() == config.nHeads(), "the visual adapter needs as many key/value heads as heads");
            check(l.adapter().prefixQuery().length == dim && l.adapter().gateTanh().length == config.nHeads(),
                    "visual adapter shapes");
        }
    }

    private static void checkLinear(Linear l, int out, int in, String what) {
        check(l.out() == out && l.in() == in, what + " is " + l.weight() + ", expected " + out + " x " + in);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("shape mismatch: " + what);
        }
    }

    public LlamaConfig config() {
        return config;
    }

    /** The most positions (prompt plus answer) one request may use. */
    public int contextLength() {
        return contextLength;
    }

    /** True when at least one layer carries the visual adapter. */
    public boolean hasAdapter() {
        return hasAdapter;
    }

    /** The width of the visual feature the adapter takes ({@code dim}), 0 without adapter. */
    public int visualDimension() {
        return hasAdapter ? config.dim() : 0;
    }

    /** The storage format of the block weights, e.g. {@code F16} or {@code Q8_0}. */
    public String weightFormat() {
        return layers[0].wq().weight().dtype().name();
    }

    /** Number of parameters of the decoder (base, fine-tune and adapter; the bind network is not part of it). */
    public long parameters() {
        long p = (long) tokenEmbedding.rows() * tokenEmbedding.cols() + norm.length
                + (long) output.rows() * output.cols();
        for (LlamaLayer l : layers) {
            p += l.parameters();
        }
        return p;
    }

    /** Bytes of weight storage read per decoded token (every block weight plus the output projection, one row of embeddings). */
    public long weightBytesPerToken() {
        long b = output.byteSize();
        for (LlamaLayer l : layers) {
            for (Linear lin : new Linear[] {l.wq(), l.wk(), l.wv(), l.wo(), l.w1(), l.w2(), l.w3()}) {
                b += lin.weight().byteSize();
            }
        }
        return b;
    }

    public Parallel parallel() {
        return parallel;
    }

    /**
     * A fresh state for one request. The visual term of every adapter layer is computed here, once:
     * {@code tanh(gate_h) * (wv (feature + prefix_query[l]))_h}, with the base {@code wv} only.
     *
     * @param capacity      positions the request needs (prompt plus answer), at most the context length
     * @param visualFeature the request's visual feature ({@code dim} values) or null for plain LLaMA
     * @throws InvalidInputException if the capacity exceeds the context, or the feature has the wrong width, holds
     *                               a NaN or infinity, or is given to a model without adapter
     */
    public LlamaState newState(int capacity, float[] visualFeature) throws InvalidInputException {
        if (capacity < 1 || capacity > contextLength) {
            throw new InvalidInputException("a request needs " + capacity + " positions; the context holds "
                    + contextLength);
        }
        float[][] visual = new float[layers.length][];
        if (visualFeature != null) {
            checkVisual(visualFeature);
            for (int l = 0; l < layers.length; l++) {
                if (layers[l].adapter() != null) {
                    visual[l] = visualTerm(layers[l], visualFeature);
                }
            }
        }
        int chunk = Math.min(PROMPT_CHUNK, capacity);
        return new LlamaState(config, capacity, chunk, maxRank, visual);
    }

    /**
     * Checks a visual feature without using it.
     *
     * @throws InvalidInputException if the model has no adapter, or the feature has the wrong width or holds a NaN
     *                               or infinity
     */
    public void checkVisual(float[] visualFeature) throws InvalidInputException {
        if (!hasAdapter) {
            throw new InvalidInputException("this model has no visual adapter; a visual feature cannot be used");
        }
        if (visualFeature.length != config.dim()) {
            throw new InvalidInputException("the visual feature has " + visualFeature.length
                    + " values; the model takes " + config.dim());
        }
        for (int i = 0; i < visualFeature.length; i++) {
            if (!Float.isFinite(visualFeature[i])) {
                throw new InvalidInputException("visual feature value " + i + " is " + visualFeature[i]);
            }
        }
    }

    private float[] visualTerm(LlamaLayer layer, float[] feature) {
        int dim = config.dim();
        int headDim = config.headDim();
        float[] query = new float[dim];
        VectorMath.add(feature, 0, layer.adapter().prefixQuery(), 0, query, 0, dim);
        float[] v = new float[dim];
        MatMul.matVec(parallel, layer.wv().weight(), query, 0, v, 0);
        float[] gate = layer.adapter().gateTanh();
        for (int i = 0; i < dim; i++) {
            v[i] = gate[i / headDim] * v[i];
        }
        return v;
    }

    /**
     * Upstream {@code forward_inference}: feeds {@code tokens} at positions {@code startPos ..} (extending the
     * cache) and returns the logits of the last position. The returned array belongs to the state and is
     * overwritten by the next call.
     *
     * @throws InvalidInputException if there are no tokens, a token is outside the vocabulary, {@code startPos}
     *                               lies beyond the cached positions, or the state's capacity is exceeded
     */
    public float[] forward(LlamaState state, int[] tokens, int startPos) throws InvalidInputException {
        return forward(state, tokens, startPos, null);
    }

    /**
     * As {@link #forward(LlamaState, int[], int)}; when {@code allLogits} is not null it also receives the logits
     * of every position ({@code tokens.length x vocab}), as upstream's training-path forward computes them.
     */
    public float[] forward(LlamaState state, int[] tokens, int startPos, float[] allLogits)
            throws InvalidInputException {
        checkInput(state, tokens, startPos, allLogits);
        int dim = config.dim();
        int vocab = config.vocabSize();
        int n = tokens.length;
        for (int c0 = 0; c0 < n; c0 += state.chunk) {
            int m = Math.min(state.chunk, n - c0);
            for (int i = 0; i < m; i++) {
                tokenEmbedding.getRow(tokens[c0 + i], state.x, i * dim);
            }
            for (int l = 0; l < layers.length; l++) {
                block(state, l, startPos + c0, m);
            }
            if (allLogits != null) {
                for (int i = 0; i < m; i++) {
                    Norms.rmsNorm(state.x, i * dim, norm, 0, config.normEps(), state.xb, i * dim, dim);
                }
                MatMul.matMul(parallel, output, state.xb, 0, m, allLogits, c0 * vocab);
            }
            if (c0 + m == n) {
                Norms.rmsNorm(state.x, (m - 1) * dim, norm, 0, config.normEps(), state.xb, 0, dim);
                MatMul.matVec(parallel, output, state.xb, 0, state.logits, 0);
            }
        }
        state.length = startPos + n;
        return state.logits;
    }

    /** One transformer block over {@code m} tokens at positions {@code pos0 ..}, updating {@code state.x} in place. */
    private void block(LlamaState s, int l, int pos0, int m) {
        LlamaLayer layer = layers[l];
        int dim = config.dim();
        int kvDim = config.kvDim();
        float eps = config.normEps();

        // attention: x + wo(attention(rope(q), rope(k), v) + gated visual term)
        for (int i = 0; i < m; i++) {
            Norms.rmsNorm(s.x, i * dim, layer.attentionNorm(), 0, eps, s.xb, i * dim, dim);
        }
        layer.wq().apply(parallel, s.xb, m, s.q, s.down, s.up);
        layer.wk().apply(parallel, s.xb, m, s.k, s.down, s.up);
        layer.wv().apply(parallel, s.xb, m, s.v, s.down, s.up);
        for (int i = 0; i < m; i++) {
            rope.applyInterleaved(s.q, i * dim, config.nHeads(), pos0 + i);
            rope.applyInterleaved(s.k, i * kvDim, config.nKvHeads(), pos0 + i);
        }
        System.arraycopy(s.k, 0, s.keys[l], pos0 * kvDim, m * kvDim);
        System.arraycopy(s.v, 0, s.values[l], pos0 * kvDim, m * kvDim);
        CausalAttention.apply(parallel, config, s.q, s.keys[l], s.values[l], pos0, m, s.att);
        float[] visual = s.visual[l];
        if (visual != null) {
            for (int i = 0; i < m; i++) {
                VectorMath.add(s.att, i * dim, visual, 0, s.att, i * dim, dim);
            }
        }
        layer.wo().apply(parallel, s.att, m, s.proj, s.down, s.up);
        VectorMath.add(s.x, 0, s.proj, 0, s.x, 0, m * dim);

        // feed-forward: x + w2(silu(w1 y) * w3 y), y = ffn_norm(x)
        for (int i = 0; i < m; i++) {
            Norms.rmsNorm(s.x, i * dim, layer.ffnNorm(), 0, eps, s.xb, i * dim, dim);
        }
        layer.w1().apply(parallel, s.xb, m, s.hb, s.down, s.up);
        layer.w3().apply(parallel, s.xb, m, s.hb2, s.down, s.up);
        Activations.siluMul(s.hb, 0, s.hb2, 0, m * config.hiddenDim());
        layer.w2().apply(parallel, s.hb, m, s.proj, s.down, s.up);
        VectorMath.add(s.x, 0, s.proj, 0, s.x, 0, m * dim);
    }

    private void checkInput(LlamaState state, int[] tokens, int startPos, float[] allLogits)
            throws InvalidInputException {
        if (tokens.length == 0) {
            throw new InvalidInputException("no tokens to feed");
        }
        if (startPos < 0 || startPos > state.length) {
            throw new InvalidInputException("start position " + startPos + " but only " + state.length
                    + " positions are cached");
        }
        if ((long) startPos + tokens.length > state.capacity) {
            throw new InvalidInputException("positions " + startPos + ".." + (startPos + tokens.length - 1)
                    + " exceed the request's " + state.capacity + " positions");
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= config.vocabSize()) {
                throw new InvalidInputException("token " + i + " is " + tokens[i] + ", outside the vocabulary of "
                        + config.vocabSize());
            }
        }
        if (allLogits != null && allLogits.length < (long) tokens.length * config.vocabSize()) {
            throw new IllegalArgumentException("room for " + allLogits.length + " logits, need "
                    + (long) tokens.length * config.vocabSize());
        }
    }
}
