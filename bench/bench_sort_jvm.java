// The JVM baseline of bench_sort (Flink's "Juggling with Bits and Bytes" write-up): records
// shaped like Flink's Tuple2<Integer, String> (an int key and a String of 5-30 random lowercase
// characters), sorted by (key, string)
//   objects:    as heap objects in an array, Arrays.sort with a comparator;
//   serialized: each record written with Java serialization's stream format
//               (ObjectOutputStream.writeInt / writeUTF into one byte buffer: no Kryo is packaged
//               in Debian), sorted as offsets into that buffer by comparing the deserialized key
//               and string.
// Load and sort phases are timed separately; memory is the JVM's used heap after sorting (after a
// GC) and the process's peak RSS (VmHWM). Run each variant in its own JVM:
//   java -Xmx4g bench/bench_sort_jvm.java objects 10000000
//   java -Xmx4g bench/bench_sort_jvm.java serialized 10000000
// Prints one JSON line.
import java.io.*;
import java.nio.file.*;
import java.util.*;

class bench_sort_jvm {
    static final class Record {  // Tuple2<Integer, String>: f0, f1
        final Integer f0;
        final String f1;
        Record(Integer f0, String f1) { this.f0 = f0; this.f1 = f1; }
    }

    static long peakRss() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
        return -1;
    }

    static long usedHeap() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    public static void main(String[] args) throws Exception {
        String variant = args.length > 0 ? args[0] : "objects";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
        SplittableRandom random = new SplittableRandom(42);
        char[] text = new char[30];
        long check = 0;
        double load, sort;
        long t = System.nanoTime();
        if (variant.equals("objects")) {
            Record[] records = new Record[n];
            for (int i = 0; i < n; i++) {
                int length = 5 + random.nextInt(26);
                for (int c = 0; c < length; c++) text[c] = (char) ('a' + random.nextInt(26));
                records[i] = new Record(random.nextInt(), new String(text, 0, length));
            }
            load = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            Arrays.sort(records, Comparator.comparing((Record r) -> r.f0).thenComparing(r -> r.f1));
            sort = (System.nanoTime() - t) / 1e9;
            for (Record r : records) check = check * 31 + r.f0 + r.f1.hashCode();
        } else {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(n * 24);
            ObjectOutputStream stream = new ObjectOutputStream(bytes);
            stream.flush();
            int header = bytes.size();
            Integer[] offsets = new Integer[n];
            // Block-data mode buffers 1 KiB; offsets are taken after each record is flushed.
            for (int i = 0; i < n; i++) {
                int length = 5 + random.nextInt(26);
                for (int c = 0; c < length; c++) text[c] = (char) ('a' + random.nextInt(26));
                stream.flush();
                offsets[i] = bytes.size() + 2;  // after the TC_BLOCKDATA header (2 bytes) flush writes
                stream.writeInt(random.nextInt());
                stream.writeUTF(new String(text, 0, length));
            }
            stream.flush();
            byte[] data = bytes.toByteArray();
            bytes = null;
            load = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            final byte[] d = data;
            Arrays.sort(offsets, (a, b) -> {
                try {
                    DataInputStream x = new DataInputStream(new ByteArrayInputStream(d, a, 40));
                    DataInputStream y = new DataInputStream(new ByteArrayInputStream(d, b, 40));
                    int c = Integer.compare(x.readInt(), y.readInt());
                    return c != 0 ? c : x.readUTF().compareTo(y.readUTF());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            sort = (System.nanoTime() - t) / 1e9;
            for (Integer o : offsets) {
                DataInputStream x = new DataInputStream(new ByteArrayInputStream(d, o, 40));
                check = check * 31 + x.readInt() + x.readUTF().hashCode();
            }
        }
        System.out.printf(Locale.ROOT,
            "{\"variant\": \"%s\", \"records\": %d, \"load_s\": %.3f, \"sort_s\": %.3f, \"heap_used_bytes\": %d, \"peak_rss_bytes\": %d, \"check\": %d}%n",
            variant, n, load, sort, usedHeap(), peakRss(), check);
    }
}
