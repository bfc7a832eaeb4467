package dev.bindery.tensor.io;

/** A class or function named by a pickle GLOBAL opcode, e.g. {@code torch._utils._rebuild_tensor_v2}. */
record PickleGlobal(String module, String name) {
    @Override
    public String toString() {
        return module + "." + name;
    }
}
