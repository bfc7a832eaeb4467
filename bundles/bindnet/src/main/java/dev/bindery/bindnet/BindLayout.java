package dev.bindery.bindnet;

/**
 * The two bind-network layouts upstream has shipped, told apart by the checkpoint keys.
 */
public enum BindLayout {
    /**
     * The released layout ({@code 7B.pth}, {@code legacy_bridge=False}): {@code RMSNorm(eps 1e-6)} with a weight only,
     * bias-free {@code f1}/{@code f2}/{@code f3}; only {@code image_bind_proj} has a bias.
     */
    RMS_NORM(1e-6f),
    /**
     * The older layout ({@code 7B-beta.pth}, Point-LLM, {@code legacy_bridge=True}): {@code LayerNorm(eps 1e-5)} with
     * weight and bias, and a bias on every linear layer. Recognised by the key {@code image_bind_norm_1.bias}.
     */
    LAYER_NORM(1e-5f);

    private final float eps;

    BindLayout(float eps) {
        this.eps = eps;
    }

    /** The epsilon of the layout's normalisation, as upstream's module defaults set it. */
    public float eps() {
        return eps;
    }

    /** Whether {@code f1}, {@code f2}, {@code f3} and the norms carry biases. */
    public boolean hasBiases() {
        return this == LAYER_NORM;
    }
}
