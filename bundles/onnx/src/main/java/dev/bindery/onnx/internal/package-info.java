/** Protocol-buffer wire encoding used by the ONNX writer; not exported. */
package dev.bindery.onnx.internal;
