package dev.bindery.tensor.io;

/** A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a strided view into a storage. */
record TorchTensorRef(TorchStorageRef storage, long offset, long[] size, long[] stride) {
}
