/**
 * The ImageBind modality encoders as ONNX graphs built in Java from a checkpoint:
 * {@link dev.bindery.onnx.imagebind.ImageBindTrunks} (one graph per modality: stem, CLS, positional table, trunk,
 * head, postprocessing), {@link dev.bindery.onnx.imagebind.TrunkSpec} (dimensions read from the tensor shapes),
 * {@link dev.bindery.onnx.imagebind.ImageBindConfig} (the head counts, which shapes do not reveal),
 * {@link dev.bindery.onnx.imagebind.TrunkModality} and {@link dev.bindery.onnx.imagebind.PadIm2Video} (an image as
 * the 2-frame clip the vision graph takes).
 */
@Export
@Version("1.1.0")
package dev.bindery.onnx.imagebind;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
