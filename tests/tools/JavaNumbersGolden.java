// Generates tests/data/java_numbers/*.tsv: what OpenJDK 17 itself answers for the number
// conversions flinkmem reimplements in src/java/numbers.cpp and src/java/big_decimal.cpp.
//
//   javac -d /tmp JavaNumbersGolden.java && java -cp /tmp JavaNumbersGolden <out-dir> [scale]
//
// Must run on JDK 17 (JDK 19+ prints doubles differently). `scale` multiplies the number of
// random cases (default 1, which is what is committed); a large scale is a stress test.
//
// Every file is UTF-8, one case per line, fields separated by tabs. Strings are escaped: \\ \t
// \n \r and \\uXXXX for the other control characters. A result "!message" is a
// NumberFormatException with that message. Bits are hexadecimal (16 digits for a double, 8 for
// a float).

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

public final class JavaNumbersGolden {
    private static final long SEED = 20170921L;

    private final Random random = new Random(SEED);
    private final int scale;

    private JavaNumbersGolden(int scale) {
        this.scale = scale;
    }

    public static void main(String[] args) throws IOException {
        if (!System.getProperty("java.specification.version").equals("17")) {
            throw new IllegalStateException("run on JDK 17, not " + System.getProperty("java.version"));
        }
        Path out = Path.of(args[0]);
        int scale = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Files.createDirectories(out);
        new JavaNumbersGolden(scale).writeAll(out);
    }

    private void writeAll(Path out) throws IOException {
        List<Double> doubles = doubles();
        List<Float> floats = floats();
        write(out.resolve("double_to_string.tsv"), doubles, d -> hex(d) + "\t" + Double.toString(d));
        write(out.resolve("float_to_string.tsv"), floats, f -> hex(f) + "\t" + Float.toString(f));
        write(out.resolve("format_fixed.tsv"), formatCases(doubles), c -> c);
        write(out.resolve("parse_floating.tsv"), floatingInputs(doubles, floats),
                s -> escape(s) + "\t" + parseDouble(s) + "\t" + parseFloat(s));
        write(out.resolve("parse_integer.tsv"), integerInputs(),
                s -> escape(s) + "\t" + parseInt(s) + "\t" + parseLong(s));
        write(out.resolve("multiply.tsv"), multiplyCases(), c -> c);
        write(out.resolve("round_down.tsv"), roundDownCases(doubles), c -> c);
    }

    private static <T> void write(Path path, Iterable<T> cases, Function<T, String> line) throws IOException {
        try (PrintStream ps = new PrintStream(Files.newOutputStream(path), false, StandardCharsets.UTF_8)) {
            for (T c : cases) {
                ps.print(line.apply(c));
                ps.print('\n');
            }
        }
    }

    // ---- values ------------------------------------------------------------------------------

    private static final double[] TRICKY_DOUBLES = {
        0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.1, 1.5, 2.5, 1.0005, 2.0005,
        1.0015, 0.0005, 0.0004, 0.00049999999999999996, 0.0015, 0.9995, 9.9995, 99.9995, 0.125,
        2.82879384806159E17, 1.0E23, 8.41E21, 5.0E-324, 9.007199254740993E15, 9.007199254740992E15,
        Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
        -Double.MAX_VALUE, 1e-5, 1e-4, 1e-3, 0.01, 1e7, 9999999.0, 9999999.999, 1e8, 123456789.0,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e-300, 1e300, 4.35, 2.675, 1.005, 100.0, 1024.0,
        1048576.0, 8388608.0, 8388607.999, 4194303.9995, 1280.0005, 1.7976931348623157E308,
        4.9E-324, 2.2250738585072014E-308, 0.30000000000000004, 123.456, 1234.5678, 0.6666666666666666,
        0.3333333333333333, 3.141592653589793, 2.718281828459045, 1.0E-7, 9.999999999999999E-4,
        0.001, 9.999999E-4, 1.0E-10, 1.25E-8, 65535.99951171875, 0.1 + 0.2, 1.1 * 1.1,
        Long.MAX_VALUE, (double) Long.MAX_VALUE / 3, 4.611686018427388E18, 1.2345678901234567E-300,
    };

    private static final float[] TRICKY_FLOATS = {
        0.0f, -0.0f, 0.1f, 0.2f, 0.25f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.75f, 0.8f, 0.9f, 0.99f, 1.0f,
        1.5f, 0.15f, 0.05f, 0.01f, 0.001f, 1e-44f, 1e-45f, Float.MIN_VALUE, Float.MAX_VALUE,
        Float.MIN_NORMAL, 3.4e38f, 16777216f, 16777217f, 1e7f, 1e8f, 1e10f, 123456.79f, 1.1f, 3.3f,
        0.33333334f, 0.6666667f, 1.17549435E-38f, 8388608f, 2.5E-5f, 0.099999994f,
    };

    private List<Double> doubles() {
        Set<Double> set = new LinkedHashSet<>();
        for (double d : TRICKY_DOUBLES) {
            set.add(d);
        }
        for (float f : TRICKY_FLOATS) {
            set.add((double) f);
        }
        for (int k = -1074; k <= 1023; k += (k >= -64 && k <= 64) ? 1 : 17) {
            set.add(Math.scalb(1.0, k));
            set.add(Math.nextDown(Math.scalb(1.0, k)));
        }
        for (int k = -30; k <= 30; k++) {
            set.add(Double.parseDouble("1e" + k));
            set.add(Double.parseDouble("5e" + k));
        }
        for (int i = 0; i < 200 * scale; i++) {
            set.add((double) random.nextFloat());  // widened floats such as 0.4f
        }
        for (int i = 0; i < 2000 * scale; i++) {
            double d = Double.longBitsToDouble(random.nextLong());  // all magnitudes
            if (Double.isFinite(d)) {
                set.add(d);
            }
        }
        for (int i = 0; i < 200 * scale; i++) {
            set.add(random.nextDouble());
        }
        for (int i = 0; i < 200 * scale; i++) {
            set.add(Math.pow(10, random.nextDouble() * 40 - 20));
        }
        for (int i = 0; i < 100 * scale; i++) {
            set.add(random.nextInt(1 << 24) / 1024.0);
        }
        return new ArrayList<>(set);
    }

    private List<Float> floats() {
        Set<Float> set = new LinkedHashSet<>();
        for (float f : TRICKY_FLOATS) {
            set.add(f);
        }
        for (int k = -149; k <= 127; k += 3) {
            set.add(Math.scalb(1.0f, k));
        }
        for (int i = 0; i < 1200 * scale; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(f)) {
                set.add(f);
            }
        }
        for (int i = 0; i < 500 * scale; i++) {
            set.add(random.nextFloat());
        }
        return new ArrayList<>(set);
    }

    // ---- String.format(Locale.ROOT, "%.<p>f") -------------------------------------------------

    private List<String> formatCases(List<Double> doubles) {
        List<String> cases = new ArrayList<>();
        for (double d : doubles) {
            if (Math.abs(d) < 1e16 && (Math.abs(d) >= 1e-4 || cases.size() % 4 == 0)) {
                cases.add(formatCase(d, 3));
            }
        }
        for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            cases.add(formatCase(d, 3));
        }
        for (double d : TRICKY_DOUBLES) {
            for (int p = 0; p <= 17; p++) {
                if (Math.abs(d) < 1e25) {
                    cases.add(formatCase(d, p));
                }
            }
        }
        for (int i = 0; i < 500 * scale; i++) {
            cases.add(formatCase(1 + random.nextDouble() * 8388607, 3));  // MiB-scale values
        }
        for (int i = 0; i < 200 * scale; i++) {
            long bytes = (long) (random.nextDouble() * (1L << 43));
            cases.add(formatCase(bytes / 1048576.0, 3));
        }
        for (int i = 0; i < 200 * scale; i++) {
            // Ties of the decimal digits: k + 0.0005 and k.xx5 at other precisions.
            int p = random.nextInt(6);
            double d = (random.nextInt(100000) * 10 + 5) / Math.pow(10, p + 1);
            cases.add(formatCase(random.nextBoolean() ? d : -d, p));
        }
        for (int i = 0; i < 400 * scale; i++) {
            double d = Math.pow(10, random.nextDouble() * 24 - 12);
            cases.add(formatCase(random.nextBoolean() ? d : -d, random.nextInt(18)));
        }
        return cases;
    }

    private static String formatCase(double d, int precision) {
        return hex(d) + "\t" + precision + "\t" + String.format(Locale.ROOT, "%." + precision + "f", d);
    }

    // ---- Double.parseDouble / Float.parseFloat -------------------------------------------------

    private static final String[] FLOATING_INPUTS = {
        "0", "-0", "+0", "0.0", "-0.0", "00", "1", "-1", "+1", "0.5", " 0.5 ", "\t0.5\n", "\u00010.5\u0001",
        "0x1p-3", "0X1P-3", "-0x1p-3", "+0x1.8p1", "0x.8p1", "0x1.p1", "0x1p1f", "0x1p1D", "0x1.8p1d",
        "0x", "0x1", "0x1p", "0x1p+", "0xp1", "0x.p1", "0x1.8", "0x1g", "0x1p1.5", "0x1p1ff", "1x1p1",
        "0x1p2147483647", "0x1p-2147483648", "0x1p99999999999", "-0x1p99999999999", "0x1p-99999999999",
        "-0x1p-99999999999", "0x0p99999999999", "0x1.fffffffffffffp1023", "0x1.fffffffffffff8p1023",
        "0x1.ffffffp127", "0x1.fffffeffp127", "0x1p-1074", "0x1p-1075", "0x1.0000000000001p-1075",
        "0x1p-149", "0x1p-150", "0x1.000001p-150", "0x0.0000000001p-1000", "0x123456789abcdef0123p0",
        "0x00000000000000000000001p0", "0x1.000000000000080000000001p0", "0x1.00000000000008p0",
        "0x1.00000100000000000p0", "0x1.000001000000000001p0",
        "0.25d", "0.25D", "0.25f", "0.25F", "0.25df", "0.25 d", "0.25e", "1e", "1E", "1e+", "1e-", "1e5",
        "1E5", "1e+5", "1e-5", "1e5f", "1e5.5", "1e05", "1e0000000000000000000000005", ".", "-.", "+.",
        "5.", ".5", "-.5", "+5.", "..5", "5..", ".5.", "0.5.1", "1.2.x", "x1.2.3", "1..", "NaN", "+NaN",
        "-NaN", " NaN ", "NaNd", "nan", "NAN", "N", "NaN1", "Infinity", "-Infinity", "+Infinity",
        "infinity", "INFINITY", "Inf", "Infinityf", " -Infinity\t", "I", "1_0", "0,5", "50%", "", " ",
        "\t\n", "+", "-", "++1", "+-1", "--1", "1e999", "-1e999", "1e-999", "-1e-999", "1e308", "1.8e308",
        "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "4.9e-324",
        "2.4703282292062327e-324", "2.4703282292062328e-324", "2.4703282292062327208828439643411e-324",
        "3e38", "3.4028235e38", "3.4028236e38", "3.40282356779733661637539395458142568448e38",
        "3.40282356779733661637539395458142568447e38", "1.4e-45", "7.006e-46", "7.0064923216240854e-46",
        "7.0064923216240862e-46", "1.00000017881393432617187499", "1.000000178813934326171875",
        "1.00000017881393432617187501", "9007199254740993", "9007199254740993.0000000001",
        "9007199254740992.9999999999", "2.82879384806159E17", "1.0E23", "1e23", "8.41e21",
        "0.1", "0.3", "0.30000000000000004", "123456789012345678901234567890", "1e2147483647",
        "1e2147483648", "1e-2147483648", "1e-2147483649", "0e2147483648", "0.000001e6", "100e-2",
        "1e214748364", "1e214748364f", "1e-214748364f", "0.0000000000000000000000000001e28",
        "１", "١", "1\u00a0", "\u00a01", "1 2", "1\u0000", "0x1p1 ", " 0x1p1", "1e1e1", "e1", "E1",
        "-e1", ".e1", "1.e1", "1.0e-0", "007", "0.0000", "-0e10", "1f1", "1d", "d", "f", "1.5F",
        "1234567890123456789012345678901234567890e-30", "0.000000000000000000000000000000000001e36",
    };

    private List<String> floatingInputs(List<Double> doubles, List<Float> floats) {
        List<String> inputs = new ArrayList<>(List.of(FLOATING_INPUTS));
        inputs.add("0." + "0".repeat(400) + "1e400");
        inputs.add("0." + "0".repeat(400) + "1e800");
        inputs.add("1" + "0".repeat(400) + "e-400");
        inputs.add("1" + "0".repeat(400) + ".0e-800");
        inputs.add("9".repeat(2000));
        inputs.add("0." + "9".repeat(1500));
        inputs.add("1." + "0".repeat(1200) + "1");
        for (int i = 0; i < 200 * scale; i++) {
            inputs.add(Double.toString(doubles.get(random.nextInt(doubles.size()))));
            inputs.add(Float.toString(floats.get(random.nextInt(floats.size()))));
        }
        for (int i = 0; i < 300 * scale; i++) {
            inputs.add(randomDecimal());
        }
        for (int i = 0; i < 80 * scale; i++) {
            // Exact midpoints between adjacent floats and doubles, and their neighbours.
            float f = Math.abs(Float.intBitsToFloat(random.nextInt()));
            if (Float.isFinite(f) && f != Float.MAX_VALUE) {
                inputs.addAll(midpoints(new BigDecimal(f), new BigDecimal(Math.nextUp(f))));
            }
            double d = Math.abs(Double.longBitsToDouble(random.nextLong()));
            if (Double.isFinite(d) && d != Double.MAX_VALUE && d > 1e-30 && d < 1e30) {
                inputs.addAll(midpoints(new BigDecimal(d), new BigDecimal(Math.nextUp(d))));
            }
        }
        for (int i = 0; i < 50 * scale; i++) {
            long bits = random.nextLong();
            inputs.add((random.nextBoolean() ? "-" : "") + "0x" + Long.toHexString(bits >>> random.nextInt(64))
                    + "." + Long.toHexString(random.nextLong()) + "p" + (random.nextInt(2400) - 1200));
        }
        return inputs;
    }

    private static List<String> midpoints(BigDecimal low, BigDecimal high) {
        BigDecimal mid = low.add(high).divide(BigDecimal.valueOf(2));
        BigDecimal tiny = BigDecimal.ONE.movePointLeft(mid.scale() + 3);
        return List.of(mid.toString(), mid.add(tiny).toString(), mid.subtract(tiny).toString());
    }

    private String randomDecimal() {
        StringBuilder sb = new StringBuilder();
        if (random.nextInt(4) == 0) {
            sb.append(random.nextBoolean() ? '-' : '+');
        }
        int digits = 1 + random.nextInt(25);
        int point = random.nextInt(digits + 2) - 1;
        for (int i = 0; i < digits; i++) {
            if (i == point) {
                sb.append('.');
            }
            sb.append((char) ('0' + random.nextInt(10)));
        }
        if (random.nextBoolean()) {
            sb.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(700) - 350);
        }
        if (random.nextInt(5) == 0) {
            sb.append("fFdD".charAt(random.nextInt(4)));
        }
        return sb.toString();
    }

    private static String parseDouble(String s) {
        try {
            return hex(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return "!" + escape(e.getMessage());
        }
    }

    private static String parseFloat(String s) {
        try {
            return hex(Float.parseFloat(s));
        } catch (NumberFormatException e) {
            return "!" + escape(e.getMessage());
        }
    }

    // ---- Integer.parseInt / Long.parseLong -----------------------------------------------------

    private static final String[] INTEGER_INPUTS = {
        "0", "1", "-1", "+1", "-0", "+0", "007", "-", "+", "", " ", " 1", "1 ", "1_000", "1.0", "1e3",
        "0x10", "++1", "--1", "+-1", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "99999999999999999999999", "00000000000000000000000000000000000000000042", "１２", "٣", "-٣",
        "۱۲۳", "߀", "१२३", "০", "੧", "૨", "୩", "௪", "౫", "೬", "൭", "෮", "๘", "໙", "༠", "၁", "႒",
        "២", "᠔", "᥆", "᧕", "᪀", "᪙", "᭐", "᮰", "᱀", "᱉", "꘠", "꣐", "꤀", "꧐", "꧰", "꩐", "꯰",
        "1２3", "¹", "²", "½", "Ⅻ", "𝟎", "𝟏", "1𝟏", "a", "A", "z", "ｆ", "1\u0000", "\u00001", "1\t",
        "12345678901", "-12345678901", "1234567890123456789", "12345678901234567890", "٢١٤٧٤٨٣٦٤٧",
        "٢١٤٧٤٨٣٦٤٨", "-٢١٤٧٤٨٣٦٤٨", "４２９４９６７２９６",
    };

    private List<String> integerInputs() {
        List<String> inputs = new ArrayList<>(List.of(INTEGER_INPUTS));
        for (int i = 0; i < 100 * scale; i++) {
            inputs.add(Integer.toString(random.nextInt()));
            inputs.add(Long.toString(random.nextLong()));
            inputs.add(Long.toString(random.nextLong() >> random.nextInt(64)));
        }
        for (long edge : new long[] {Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE}) {
            for (int delta = -2; delta <= 2; delta++) {
                inputs.add(new BigDecimal(edge).add(BigDecimal.valueOf(delta)).toString());
            }
        }
        return inputs;
    }

    private static String parseInt(String s) {
        try {
            return Integer.toString(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return "!" + escape(e.getMessage());
        }
    }

    private static String parseLong(String s) {
        try {
            return Long.toString(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return "!" + escape(e.getMessage());
        }
    }

    // ---- MemorySize.multiply: BigDecimal product truncated, or overflow ----------------------------

    private static final long[] BYTE_COUNTS = {
        0, 1, 1023, 123456789, 134217728, 1073741824, 1342177280, 1811939328, 1717986918,
        1099511627776L, (1L << 62) - 1, 1L << 62, 3L << 61, Long.MAX_VALUE - 1, Long.MAX_VALUE,
    };

    private static final double[] MULTIPLIERS = {
        0.0, -0.0, 0.1, 0.25, 0.4, 0.5, 0.75, 1.0, 1.5, 2.0, 0.99, 1e10, 1e-10, 1e-5, 1e18, 1e19,
        1e300, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE, 2.82879384806159E17, 1.0E23, 0.9999999999999999,
        1.0000000000000002, 9.223372036854776E18, 3.0, 7.0, 0.3333333333333333,
    };

    private List<String> multiplyCases() {
        List<Double> multipliers = new ArrayList<>();
        for (double m : MULTIPLIERS) {
            multipliers.add(m);
        }
        for (float f : new float[] {0.1f, 0.15f, 0.25f, 0.3f, 0.4f, 0.6f, 0.7f, 0.8f, 0.9f, 0.99f}) {
            multipliers.add((double) f);
            multipliers.add((double) (f / (1 - f)));   // float arithmetic, then widened
            multipliers.add((double) f / (1 - (double) f));
            multipliers.add(1.0 / f);
        }
        List<String> cases = new ArrayList<>();
        for (long bytes : BYTE_COUNTS) {
            for (double m : multipliers) {
                cases.add(multiplyCase(bytes, m));
            }
        }
        // Outside MemorySize's domain, but BigDecimal defines these too (longValue() wraps).
        for (long bytes : new long[] {-1342177280, Long.MIN_VALUE}) {
            for (double m : new double[] {0.4, -0.4, 2.0, -2.0, -1e-300, -1e300}) {
                cases.add(multiplyCase(bytes, m));
            }
        }
        cases.add(multiplyCase(Long.MAX_VALUE, -3.0));
        for (int i = 0; i < 150 * scale; i++) {
            long bytes = random.nextLong() >>> (1 + random.nextInt(63));
            double m = random.nextInt(3) == 0 ? random.nextFloat() : Math.pow(10, random.nextDouble() * 30 - 15);
            cases.add(multiplyCase(bytes, m));
        }
        return cases;
    }

    private static String multiplyCase(long bytes, double multiplier) {
        BigDecimal product = BigDecimal.valueOf(bytes).multiply(BigDecimal.valueOf(multiplier));
        String result = product.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
                ? "OVERFLOW"
                : Long.toString(product.longValue());
        return bytes + "\t" + hex(multiplier) + "\t" + Double.toString(multiplier) + "\t" + result;
    }

    // ---- BigDecimal.valueOf(d).setScale(s, DOWN).doubleValue() ---------------------------------

    private List<String> roundDownCases(List<Double> doubles) {
        List<String> cases = new ArrayList<>();
        double[] values = {
            0.123456789, 1e-9, -1e-9, 7.77777777777, 1e20, -0.0, 0.0, -7.77777777777, 0.1, 1.0E-8,
            9.99999999E-9, 0.999999999, 123456.123456789, Double.MAX_VALUE, Double.MIN_VALUE, 2.82879384806159E17,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        };
        for (double d : values) {
            for (int s : new int[] {8, 0, 1, 2, 3, -1, -2, 20, 400}) {
                cases.add(roundDownCase(d, s));
            }
        }
        for (int i = 0; i < 400 * scale; i++) {
            double d = doubles.get(random.nextInt(doubles.size()));
            cases.add(roundDownCase(d, random.nextInt(3) == 0 ? random.nextInt(40) - 20 : 8));
        }
        for (int i = 0; i < 200 * scale; i++) {
            cases.add(roundDownCase(random.nextDouble() * 64, 8));
        }
        return cases;
    }

    private static String roundDownCase(double d, int scale) {
        String result;
        try {
            result = hex(BigDecimal.valueOf(d).setScale(scale, RoundingMode.DOWN).doubleValue());
        } catch (NumberFormatException e) {
            result = "!" + escape(e.getMessage());
        }
        return hex(d) + "\t" + scale + "\t" + result;
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static String hex(double d) {
        return String.format("%016x", Double.doubleToRawLongBits(d));
    }

    private static String hex(float f) {
        return String.format("%08x", Float.floatToRawIntBits(f));
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
