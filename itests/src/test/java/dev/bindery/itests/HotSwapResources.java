package dev.bindery.itests;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * What the container's process holds (Linux /proc and the JVM's management beans): OS threads (ONNX Runtime's
 * native pools included), Java threads, open file descriptors, heap in use after a GC, committed heap and resident
 * memory. Resident minus committed heap approximates native memory (ONNX Runtime sessions and arenas).
 */
final class HotSwapResources {
    final int osThreads;
    final int javaThreads;
    final int fileDescriptors;
    final long heapUsedMb;
    final long heapCommittedMb;
    final long residentMb;
    final long nonHeapCommittedMb;
    final long directMb;

    private HotSwapResources(int osThreads, int javaThreads, int fileDescriptors, long heapUsedMb,
            long heapCommittedMb, long residentMb, long nonHeapCommittedMb, long directMb) {
        this.osThreads = osThreads;
        this.javaThreads = javaThreads;
        this.fileDescriptors = fileDescriptors;
        this.heapUsedMb = heapUsedMb;
        this.heapCommittedMb = heapCommittedMb;
        this.residentMb = residentMb;
        this.nonHeapCommittedMb = nonHeapCommittedMb;
        this.directMb = directMb;
    }

    static HotSwapResources measure() throws IOException {
        // Two collections: objects with finalizers/cleaners (ONNX Runtime's) need the second one to go.
        System.gc();
        System.runFinalization();
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        String status = Files.readString(Paths.get("/proc/self/status"));
        int fds;
        try (Stream<Path> s = Files.list(Paths.get("/proc/self/fd"))) {
            fds = (int) s.count();
        }
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            direct += pool.getMemoryUsed();
        }
        return new HotSwapResources((int) field(status, "Threads:"),
                ManagementFactory.getThreadMXBean().getThreadCount(), fds, heap.getUsed() >> 20,
                heap.getCommitted() >> 20, field(status, "VmRSS:") >> 10,
                ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted() >> 20, direct >> 20);
    }

    /**
     * Resident memory outside the JVM's own accounts (committed heap, metaspace and code cache, NIO buffers), in MB:
     * what native libraries such as ONNX Runtime hold, plus the allocator's free lists.
     */
    long nativeMb() {
        return residentMb - heapCommittedMb - nonHeapCommittedMb - directMb;
    }

    private static long field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("/proc/self/status has no " + name);
    }

    @Override
    public String toString() {
        return osThreads + " OS threads, " + javaThreads + " Java threads, " + fileDescriptors + " fds, heap "
                + heapUsedMb + " MB used / " + heapCommittedMb + " MB committed, non-heap " + nonHeapCommittedMb
                + " MB, NIO buffers " + directMb + " MB, RSS " + residentMb + " MB (native ~" + nativeMb() + " MB)";
    }
}
