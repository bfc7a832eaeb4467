/**
 * ImageBind-LLM's bind network, which maps a query of the shared ImageBind space (1024-d for the released model) to
 * the visual feature LLaMA takes (4096-d): {@code image_bind_proj} then residual SwiGLU blocks
 * {@code x + f2(silu(f1(n)) * f3(n))}, {@code n = norm(x)}.
 *
 * <p><b>Provides</b> the {@link dev.bindery.api.bind.BindNetwork} service (one per configuration of the factory PID
 * {@code dev.bindery.bindnet}, registered only when the checkpoint loads and fits), and for other bundles and the
 * benchmarks the model itself: {@link dev.bindery.bindnet.BindNetworkModel} (load from {@code .pth}, safetensors or
 * GGUF, keep F32/F16/BF16/Q8_0/Q4_0 weights or quantise on load, {@code project}, batched {@code projectBatch},
 * {@code trace} of every stage), {@link dev.bindery.bindnet.BindLayout} and {@link dev.bindery.bindnet.WeightFormat}.
 *
 * <p><b>Consumes</b> the tensor bundle (checkpoint readers, kernels, quantisers) and the API bundle's contracts.
 */
@Export
@Version("1.0.0")
package dev.bindery.bindnet;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
