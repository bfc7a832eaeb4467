package dev.bindery.onnx.session;

import java.util.Locale;

/**
 * How an encoder session runs: on the CPU or with the CUDA execution provider (device {@code cuda} or
 * {@code cuda:N}), with how many intra-op threads (0: ONNX Runtime's default, one per core).
 */
public final class SessionSettings {
    /** The device names accepted. */
    public static final String CPU = "cpu";
    public static final String CUDA = "cuda";

    private final String device;
    private final int cudaDevice;
    private final int intraOpThreads;

    private SessionSettings(String device, int cudaDevice, int intraOpThreads) {
        this.device = device;
        this.cudaDevice = cudaDevice;
        this.intraOpThreads = intraOpThreads;
    }

    /** CPU with ONNX Runtime's default thread count. */
    public static SessionSettings cpu() {
        return new SessionSettings(CPU, 0, 0);
    }

    /**
     * Parses a device name ({@code cpu}, {@code cuda}, {@code cuda:1}; case-insensitive) and a thread count.
     *
     * @throws IllegalArgumentException for another device name or a negative thread count
     */
    public static SessionSettings of(String device, int intraOpThreads) {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be >= 0 (0 = default), was " + intraOpThreads);
        }
        String d = device == null ? CPU : device.trim().toLowerCase(Locale.ROOT);
        if (d.isEmpty() || d.equals(CPU)) {
            return new SessionSettings(CPU, 0, intraOpThreads);
        }
        if (d.equals(CUDA)) {
            return new SessionSettings(CUDA, 0, intraOpThreads);
        }
        if (d.startsWith(CUDA + ":")) {
            try {
                int id = Integer.parseInt(d.substring(CUDA.length() + 1));
                if (id >= 0) {
                    return new SessionSettings(CUDA, id, intraOpThreads);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("device '" + device + "' is not one of cpu, cuda, cuda:<index>");
    }

    /** {@code cpu} or {@code cuda}. */
    public String device() {
        return device;
    }

    public boolean wantsCuda() {
        return device.equals(CUDA);
    }

    public int cudaDevice() {
        return cudaDevice;
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    @Override
    public String toString() {
        return (wantsCuda() ? "cuda:" + cudaDevice : "cpu") + ", "
                + (intraOpThreads == 0 ? "default threads" : intraOpThreads + " threads");
    }
}
