package dev.processflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A live process's resident set from /proc: now (VmRSS) and its peak so far (VmHWM), in KiB. */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    public static OptionalLong rssKiB(long pid) {
        return field(pid, "VmRSS:");
    }

    public static OptionalLong peakRssKiB(long pid) {
        return field(pid, "VmHWM:");
    }

    private static OptionalLong field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
            return OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
