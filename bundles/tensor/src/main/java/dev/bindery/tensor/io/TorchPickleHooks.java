package dev.bindery.tensor.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The meaning of the few callables that a {@code torch.save} state dict uses; everything else becomes an inert
 * {@link PickleObject} so that checkpoints carrying extra objects (argparse Namespace, optimizer state, ...)
 * still load.
 */
final class TorchPickleHooks implements PickleMachine.Hooks {
    private final String source;

    TorchPickleHooks(String source) {
        this.source = source;
    }

    @Override
    public Object persistentLoad(Object pid) throws FormatException {
        if (pid instanceof List<?> t && t.size() >= 5 && "storage".equals(t.get(0)) && t.get(1) instanceof PickleGlobal type
                && t.get(4) instanceof Long numel) {
            return new TorchStorageRef(type, String.valueOf(t.get(2)), numel);
        }
        throw new FormatException(source, null, "unsupported persistent id " + pid + " in data.pkl");
    }

    @Override
    public Object reduce(PickleGlobal callable, List<Object> args) throws FormatException {
        String name = callable.toString();
        switch (name) {
            case "torch._utils._rebuild_tensor_v2":
            case "torch._utils._rebuild_tensor":
                return tensor(args);
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                // Parameter(data, requires_grad, hooks): the data is all we need.
                return args.isEmpty() ? null : args.get(0);
            case "collections.OrderedDict":
                Map<Object, Object> m = new LinkedHashMap<>();
                if (!args.isEmpty() && args.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (p instanceof List<?> kv && kv.size() == 2) {
                            m.put(kv.get(0), kv.get(1));
                        }
                    }
                }
                return m;
            default:
                return new PickleObject(callable, args);
        }
    }

    private TorchTensorRef tensor(List<Object> args) throws FormatException {
        if (args.size() < 4 || !(args.get(0) instanceof TorchStorageRef storage) || !(args.get(1) instanceof Long offset)
                || !(args.get(2) instanceof List<?> size) || !(args.get(3) instanceof List<?> stride)
                || size.size() != stride.size()) {
            throw new FormatException(source, null, "corrupt _rebuild_tensor_v2 arguments " + args);
        }
        return new TorchTensorRef(storage, offset, longs(size), longs(stride));
    }

    private long[] longs(List<?> l) throws FormatException {
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long v) || v < 0) {
                throw new FormatException(source, null, "tensor size/stride must be non-negative integers: " + l);
            }
            out[i] = v;
        }
        return out;
    }
}
