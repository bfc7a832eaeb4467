package dev.bindery.tensor.io;

/** A storage named by a torch.save persistent id: {@code ('storage', torch.FloatStorage, '0', 'cpu', numel)}. */
record TorchStorageRef(PickleGlobal type, String key, long numel) {
}
