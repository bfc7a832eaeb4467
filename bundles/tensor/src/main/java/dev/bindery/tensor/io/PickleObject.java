package dev.bindery.tensor.io;

import java.util.List;

/**
 * An object the pickle machine does not interpret (argparse Namespace, optimizer state classes, ...): it keeps
 * the callable, its arguments and any BUILD state so that unpickling can go on; nothing is ever executed.
 */
final class PickleObject {
    final PickleGlobal type;
    final List<Object> args;
    Object state;

    PickleObject(PickleGlobal type, List<Object> args) {
        this.type = type;
        this.args = args;
    }

    @Override
    public String toString() {
        return "<" + type + " object>";
    }
}
