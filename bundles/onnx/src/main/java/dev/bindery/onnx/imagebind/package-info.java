/**
 * The ImageBind modality encoders as ONNX graphs built in Java from a checkpoint:
 * {@link dev.bindery.onnx.imagebind.ImageBindTrunks} (one graph per modality: stem, CLS, positional table, trunk,
 * head, postprocessing), {@link dev.bindery.onnx.imagebind.TrunkSpec} (dimensions read from the tensor shapes),
 * {@link dev.bindery.onnx.imagebind.ImageBindConfig} (the head counts, which shapes do not reveal) and
 * {@link dev.bindery.onnx.imagebind.TrunkModality}.
 */
@Export
@Version("1.0.0")
package dev.bindery.onnx.imagebind;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
