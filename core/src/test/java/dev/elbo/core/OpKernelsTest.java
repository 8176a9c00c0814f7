package dev.elbo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link OpKernels} method against a reference written here entry by entry, on seeded
 * random sizes (1..7 rows, 1..19 columns: all vector tails) and offsets (0..3). Arrays are
 * padded on both sides and the padding is checked untouched; {@code …Acc} outputs start from
 * random values, so "adds into" is checked too.
 */
class OpKernelsTest {

    private static final double TOL = 1e-13;

    static Stream<Integer> seeds() {
        return IntStream.range(0, 40).boxed();
    }

    /** A random array with {@code off} entries before and 2 after the {@code n} used ones. */
    private static final class Buf {
        final double[] a;
        final int off;
        final int n;
        final double[] initial;

        Buf(SplittableRandom rng, int n, double lo, double hi) {
            this.off = rng.nextInt(4);
            this.n = n;
            this.a = new double[off + n + 2];
            for (int i = 0; i < a.length; i++) a[i] = lo + (hi - lo) * rng.nextDouble();
            this.initial = a.clone();
        }

        double at(int i) {
            return a[off + i];
        }

        double init(int i) {
            return initial[off + i];
        }

        /** Checks the used entries against expected and the padding against its initial values. */
        void check(String what, double[] expected) {
            for (int i = 0; i < a.length; i++) {
                boolean inside = i >= off && i < off + n;
                double want = inside ? expected[i - off] : initial[i];
                double got = a[i];
                if (!(Math.abs(got - want) <= TOL * Math.max(1, Math.abs(want))) && !(got == want)) {
                    fail(what + ": index " + (i - off) + (inside ? "" : " (padding)") + " is " + got + ", expected " + want);
                }
            }
        }
    }

    private record Shape(int rows, int cols, String text) {
        static Shape draw(SplittableRandom rng, int seed) {
            int rows = 1 + rng.nextInt(7), cols = 1 + rng.nextInt(19);
            return new Shape(rows, cols, "seed " + seed + ", " + rows + "×" + cols);
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    // ---------------------------------------------------------------- elementwise

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void elementwise(int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 1 + rng.nextInt(40);
        Buf a = new Buf(rng, n, -3, 3), b = new Buf(rng, n, 0.5, 2), y = new Buf(rng, n, -1, 1);
        Buf out = new Buf(rng, n, -1, 1);
        double[] e = new double[n];

        for (int i = 0; i < n; i++) e[i] = out.init(i) + a.at(i) / b.at(i);
        OpKernels.divAcc(n, a.a, a.off, b.a, b.off, out.a, out.off);
        out.check("divAcc n=" + n + " seed " + seed, e);

        Buf out2 = new Buf(rng, n, -1, 1);
        for (int i = 0; i < n; i++) e[i] = out2.init(i) + 2.5 * a.at(i) * b.at(i);
        OpKernels.mulAcc(n, 2.5, a.a, a.off, b.a, b.off, out2.a, out2.off);
        out2.check("mulAcc n=" + n + " seed " + seed, e);

        Buf elu = new Buf(rng, n, 0, 0);
        for (int i = 0; i < n; i++) e[i] = a.at(i) > 0 ? a.at(i) : Math.exp(a.at(i)) - 1;
        OpKernels.elu(n, a.a, a.off, elu.a, elu.off);
        elu.check("elu n=" + n + " seed " + seed, e);

        Buf dx = new Buf(rng, n, -1, 1);
        for (int i = 0; i < n; i++) e[i] = dx.init(i) + y.at(i) * (a.at(i) > 0 ? 1 : Math.exp(a.at(i)));
        OpKernels.eluBackwardAcc(n, a.a, a.off, elu.a, elu.off, y.a, y.off, dx.a, dx.off);
        dx.check("eluBackwardAcc n=" + n + " seed " + seed, e);
    }

    // ---------------------------------------------------------------- broadcasting

    /** kind 0 full, 1 row vector, 2 column vector, 3 scalar; returns {rows, cols, rowStride, colStride}. */
    private static int[] operand(int kind, int rows, int cols) {
        int r = (kind == 1 || kind == 3) ? 1 : rows, c = (kind == 2 || kind == 3) ? 1 : cols;
        return new int[] {r, c, r == rows && rows > 1 ? c : 0, c == cols && cols > 1 ? 1 : 0};
    }

    private static int index(int[] op, int r, int c) {
        return (op[0] == 1 ? 0 : r) * op[1] + (op[1] == 1 ? 0 : c);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void broadcastingForwardAndReductions(int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Shape.draw(rng, seed);
        int rows = s.rows(), cols = s.cols();
        int[] ka = operand(seed % 4, rows, cols), kb = operand((seed / 4) % 4, rows, cols);
        String what = s.text() + " a " + ka[0] + "×" + ka[1] + " b " + kb[0] + "×" + kb[1];
        Buf a = new Buf(rng, ka[0] * ka[1], -2, 2), b = new Buf(rng, kb[0] * kb[1], 0.5, 2);
        Buf dy = new Buf(rng, rows * cols, -1, 1);
        double[] e = new double[rows * cols];

        String[] names = {"add", "sub", "mul", "div"};
        for (int k = 0; k < 4; k++) {
            Buf out = new Buf(rng, rows * cols, 0, 0);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double x = a.at(index(ka, r, c)), z = b.at(index(kb, r, c));
                    e[r * cols + c] = k == 0 ? x + z : k == 1 ? x - z : k == 2 ? x * z : x / z;
                }
            }
            switch (k) {
                case 0: OpKernels.addBroadcast(rows, cols, a.a, a.off, ka[2], ka[3], b.a, b.off, kb[2], kb[3], out.a, out.off); break;
                case 1: OpKernels.subBroadcast(rows, cols, a.a, a.off, ka[2], ka[3], b.a, b.off, kb[2], kb[3], out.a, out.off); break;
                case 2: OpKernels.mulBroadcast(rows, cols, a.a, a.off, ka[2], ka[3], b.a, b.off, kb[2], kb[3], out.a, out.off); break;
                default: OpKernels.divBroadcast(rows, cols, a.a, a.off, ka[2], ka[3], b.a, b.off, kb[2], kb[3], out.a, out.off);
            }
            out.check(names[k] + "Broadcast " + what, e);
        }

        // out full += alpha · v⟨r, c⟩
        Buf full = new Buf(rng, rows * cols, -1, 1);
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) e[r * cols + c] = full.init(r * cols + c) - 0.5 * a.at(index(ka, r, c));
        OpKernels.addBroadcastAcc(rows, cols, -0.5, a.a, a.off, ka[2], ka[3], full.a, full.off);
        full.check("addBroadcastAcc " + what, e);

        // reductions onto a's shape: Σ over the broadcast dimensions
        double[] red = new double[ka[0] * ka[1]];
        double[] mulRed = new double[red.length];
        double[] divRed = new double[red.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = index(ka, r, c);
                double g = dy.at(r * cols + c), z = b.at(index(kb, r, c));
                red[i] += 1.5 * g;
                mulRed[i] += g * z;
                divRed[i] += g / z;
            }
        }
        Buf o1 = new Buf(rng, red.length, -1, 1), o2 = new Buf(rng, red.length, -1, 1), o3 = new Buf(rng, red.length, -1, 1);
        for (int i = 0; i < red.length; i++) {
            red[i] += o1.init(i);
            mulRed[i] += o2.init(i);
            divRed[i] += o3.init(i);
        }
        OpKernels.reduceAcc(rows, cols, 1.5, dy.a, dy.off, o1.a, o1.off, ka[2], ka[3]);
        o1.check("reduceAcc " + what, red);
        OpKernels.mulReduceAcc(rows, cols, dy.a, dy.off, b.a, b.off, kb[2], kb[3], o2.a, o2.off, ka[2], ka[3]);
        o2.check("mulReduceAcc " + what, mulRed);
        OpKernels.divReduceAcc(rows, cols, dy.a, dy.off, b.a, b.off, kb[2], kb[3], o3.a, o3.off, ka[2], ka[3]);
        o3.check("divReduceAcc " + what, divRed);

        // the divisor's gradient: db⟨r, c⟩ −= dy · y / b, y = a / b (full)
        Buf y = new Buf(rng, rows * cols, -1, 1);
        Buf db = new Buf(rng, kb[0] * kb[1], -1, 1);
        double[] eb = new double[kb[0] * kb[1]];
        for (int i = 0; i < eb.length; i++) eb[i] = db.init(i);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = index(kb, r, c);
                eb[i] -= dy.at(r * cols + c) * y.at(r * cols + c) / b.at(i);
            }
        }
        OpKernels.divisorReduceAcc(rows, cols, dy.a, dy.off, y.a, y.off, b.a, b.off, kb[2], kb[3], db.a, db.off);
        db.check("divisorReduceAcc " + what, eb);
    }

    // ---------------------------------------------------------------- rows, groups, blocks

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void rowWiseKernels(int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Shape.draw(rng, seed);
        int rows = s.rows(), cols = s.cols(), n = rows * cols;
        Buf x = new Buf(rng, n, -4, 4), v = new Buf(rng, rows, -1, 1);

        double[] e = new double[rows];
        Buf out = new Buf(rng, n, -1, 1);
        double[] en = new double[n];
        for (int i = 0; i < n; i++) en[i] = out.init(i) - 0.7 * v.at(i / cols) * x.at(i);
        OpKernels.mulColumnVectorAcc(rows, cols, -0.7, v.a, v.off, x.a, x.off, out.a, out.off);
        out.check("mulColumnVectorAcc " + s.text(), en);

        // log-sum-exp of each row, and its backward (a row softmax times dy)
        Buf lse = new Buf(rng, rows, 0, 0);
        for (int r = 0; r < rows; r++) {
            double t = 0;
            for (int c = 0; c < cols; c++) t += Math.exp(x.at(r * cols + c));
            e[r] = Math.log(t);
            assertEquals(e[r], OpKernels.logSumExp(cols, x.a, x.off + r * cols), 1e-13, "logSumExp " + s.text());
        }
        Kernels.logSumExpRows(rows, cols, x.a, x.off, lse.a, lse.off);
        Buf dx = new Buf(rng, n, -1, 1);
        for (int i = 0; i < n; i++) en[i] = dx.init(i) + v.at(i / cols) * Math.exp(x.at(i)) / Math.exp(e[i / cols]);
        OpKernels.logSumExpRowsBackwardAcc(rows, cols, x.a, x.off, lse.a, lse.off, v.a, v.off, dx.a, dx.off);
        dx.check("logSumExpRowsBackwardAcc " + s.text(), en);

        // groups: the whole matrix as rows·cols/size groups of `size` consecutive entries
        int size = new int[] {1, 2, 3, 5, 21}[seed % 5];
        int groups = 1 + rng.nextInt(6);
        Buf gx = new Buf(rng, groups * size, -4, 4), gy = new Buf(rng, groups * size, 0, 0);
        Buf gdy = new Buf(rng, groups * size, -1, 1), gdx = new Buf(rng, groups * size, -1, 1);
        double[] ey = new double[groups * size], edx = new double[groups * size];
        for (int g = 0; g < groups; g++) {
            double z = 0, total = 0;
            for (int k = 0; k < size; k++) {
                z += Math.exp(gx.at(g * size + k));
                total += gdy.at(g * size + k);
            }
            for (int k = 0; k < size; k++) {
                int i = g * size + k;
                ey[i] = gx.at(i) - Math.log(z);
                edx[i] = gdx.init(i) + gdy.at(i) - Math.exp(gx.at(i)) / z * total;
            }
        }
        OpKernels.logSoftmaxGroups(groups, size, gx.a, gx.off, gy.a, gy.off);
        gy.check("logSoftmaxGroups " + groups + "×" + size + " seed " + seed, ey);
        OpKernels.logSoftmaxGroupsBackwardAcc(groups, size, gy.a, gy.off, gdy.a, gdy.off, gdx.a, gdx.off);
        gdx.check("logSoftmaxGroupsBackwardAcc " + groups + "×" + size + " seed " + seed, edx);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void blocksAndRepeats(int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Shape.draw(rng, seed);
        int rows = s.rows(), cols = s.cols();
        int from = rng.nextInt(cols), width = 1 + rng.nextInt(cols - from), dstCols = width + rng.nextInt(3);
        int dstFrom = rng.nextInt(dstCols - width + 1);
        Buf src = new Buf(rng, rows * cols, -1, 1);
        Buf dst = new Buf(rng, rows * dstCols, -1, 1), acc = new Buf(rng, rows * dstCols, -1, 1);
        double[] e = new double[rows * dstCols], ea = new double[rows * dstCols];
        for (int i = 0; i < e.length; i++) {
            e[i] = dst.init(i);
            ea[i] = acc.init(i);
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                e[r * dstCols + dstFrom + j] = src.at(r * cols + from + j);
                ea[r * dstCols + dstFrom + j] += src.at(r * cols + from + j);
            }
        }
        String what = s.text() + " cols [" + from + ", " + (from + width) + ") to " + dstFrom + " of " + dstCols;
        OpKernels.copyBlock(rows, width, src.a, src.off + from, cols, dst.a, dst.off + dstFrom, dstCols);
        dst.check("copyBlock " + what, e);
        OpKernels.addBlockAcc(rows, width, src.a, src.off + from, cols, acc.a, acc.off + dstFrom, dstCols);
        acc.check("addBlockAcc " + what, ea);

        int k = 1 + rng.nextInt(4);
        Buf rep = new Buf(rng, rows * k * cols, 0, 0);
        double[] er = new double[rows * k * cols];
        for (int i = 0; i < rows * k; i++) for (int j = 0; j < cols; j++) er[i * cols + j] = src.at((i / k) * cols + j);
        OpKernels.repeatRows(rows, cols, k, src.a, src.off, rep.a, rep.off);
        rep.check("repeatRows k=" + k + " " + s.text(), er);

        Buf dy = new Buf(rng, rows * k * cols, -1, 1), dx = new Buf(rng, rows * cols, -1, 1);
        double[] ed = new double[rows * cols];
        for (int i = 0; i < ed.length; i++) ed[i] = dx.init(i);
        for (int i = 0; i < rows * k; i++) for (int j = 0; j < cols; j++) ed[(i / k) * cols + j] += dy.at(i * cols + j);
        OpKernels.sumRowGroupsAcc(rows, cols, k, dy.a, dy.off, dx.a, dx.off);
        dx.check("sumRowGroupsAcc k=" + k + " " + s.text(), ed);
    }

    // ---------------------------------------------------------------- log-likelihoods

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void bernoulliStdNormalAndKl(int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Shape.draw(rng, seed);
        int rows = s.rows(), cols = s.cols(), n = rows * cols;
        Buf l = new Buf(rng, n, -6, 6), x = new Buf(rng, n, 0, 1), dy = new Buf(rng, rows, -1, 1);
        Buf y = new Buf(rng, rows, 0, 0);
        double[] e = new double[rows], en = new double[n];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double p = sigmoid(l.at(r * cols + c)), xv = x.at(r * cols + c);
                e[r] += xv * Math.log(p) + (1 - xv) * Math.log(1 - p);
            }
        }
        OpKernels.bernoulliLogLikRows(rows, cols, l.a, l.off, x.a, x.off, y.a, y.off);
        y.check("bernoulliLogLikRows " + s.text(), e);
        Buf dl = new Buf(rng, n, -1, 1);
        for (int i = 0; i < n; i++) en[i] = dl.init(i) + dy.at(i / cols) * (x.at(i) - sigmoid(l.at(i)));
        OpKernels.bernoulliLogLikBackwardAcc(rows, cols, l.a, l.off, x.a, x.off, dy.a, dy.off, dl.a, dl.off);
        dl.check("bernoulliLogLikBackwardAcc " + s.text(), en);

        Buf sn = new Buf(rng, rows, 0, 0);
        for (int r = 0; r < rows; r++) {
            e[r] = 0;
            for (int c = 0; c < cols; c++) {
                double z = l.at(r * cols + c);
                e[r] += Math.log(Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI));
            }
        }
        OpKernels.stdNormalLogDensityRows(rows, cols, l.a, l.off, sn.a, sn.off);
        sn.check("stdNormalLogDensityRows " + s.text(), e);

        Buf mu = new Buf(rng, n, -2, 2), lv = new Buf(rng, n, -2, 2), kl = new Buf(rng, rows, 0, 0);
        for (int r = 0; r < rows; r++) {
            e[r] = 0;
            for (int c = 0; c < cols; c++) {
                double sd = Math.exp(lv.at(r * cols + c) / 2), m = mu.at(r * cols + c);
                e[r] += -Math.log(sd) + (sd * sd + m * m) / 2 - 0.5;
            }
        }
        OpKernels.klStdNormalRows(rows, cols, mu.a, mu.off, lv.a, lv.off, kl.a, kl.off);
        kl.check("klStdNormalRows " + s.text(), e);
        Buf dlv = new Buf(rng, n, -1, 1);
        for (int i = 0; i < n; i++) en[i] = dlv.init(i) + 0.5 * dy.at(i / cols) * (Math.exp(lv.at(i)) - 1);
        OpKernels.klLogVarBackwardAcc(rows, cols, lv.a, lv.off, dy.a, dy.off, dlv.a, dlv.off);
        dlv.check("klLogVarBackwardAcc " + s.text(), en);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void gaussianWithBroadcastMeanAndLogVariance(int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = Shape.draw(rng, seed);
        int rows = s.rows(), cols = s.cols(), n = rows * cols;
        int[] km = operand(seed % 4, rows, cols), kv = operand((seed / 4) % 4, rows, cols);
        String what = s.text() + " mean " + km[0] + "×" + km[1] + " logVar " + kv[0] + "×" + kv[1];
        Buf x = new Buf(rng, n, -2, 2), m = new Buf(rng, km[0] * km[1], -1, 1), v = new Buf(rng, kv[0] * kv[1], -1, 1);
        Buf dy = new Buf(rng, rows, -1, 1), y = new Buf(rng, rows, 0, 0);
        double[] e = new double[rows];
        double[] edx = new double[n], edm = new double[m.n], edv = new double[v.n];
        Buf dx = new Buf(rng, n, -1, 1), dm = new Buf(rng, m.n, -1, 1), dv = new Buf(rng, v.n, -1, 1);
        for (int i = 0; i < n; i++) edx[i] = dx.init(i);
        for (int i = 0; i < m.n; i++) edm[i] = dm.init(i);
        for (int i = 0; i < v.n; i++) edv[i] = dv.init(i);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int im = index(km, r, c), iv = index(kv, r, c);
                double var = Math.exp(v.at(iv)), d = x.at(r * cols + c) - m.at(im), g = dy.at(r);
                e[r] += Math.log(Math.exp(-d * d / (2 * var)) / Math.sqrt(2 * Math.PI * var));
                edx[r * cols + c] += -g * d / var;
                edm[im] += g * d / var;
                edv[iv] += g * (d * d / (2 * var) - 0.5);
            }
        }
        OpKernels.gaussianLogDensityRows(rows, cols, x.a, x.off, m.a, m.off, km[2], km[3], v.a, v.off, kv[2], kv[3], y.a, y.off);
        y.check("gaussianLogDensityRows " + what, e);
        OpKernels.gaussianResidualAcc(rows, cols, -1, x.a, x.off, m.a, m.off, km[2], km[3], v.a, v.off, kv[2], kv[3],
                dy.a, dy.off, dx.a, dx.off, cols, 1);
        dx.check("gaussianResidualAcc (x) " + what, edx);
        OpKernels.gaussianResidualAcc(rows, cols, 1, x.a, x.off, m.a, m.off, km[2], km[3], v.a, v.off, kv[2], kv[3],
                dy.a, dy.off, dm.a, dm.off, km[2], km[3]);
        dm.check("gaussianResidualAcc (mean) " + what, edm);
        OpKernels.gaussianLogVarBackwardAcc(rows, cols, x.a, x.off, m.a, m.off, km[2], km[3], v.a, v.off, kv[2], kv[3],
                dy.a, dy.off, dv.a, dv.off);
        dv.check("gaussianLogVarBackwardAcc " + what, edv);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void categorical(int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int rows = 1 + rng.nextInt(5), groups = 1 + rng.nextInt(4), size = new int[] {1, 2, 3, 5, 21}[seed % 5];
        int cols = groups * size, n = rows * cols;
        String what = "seed " + seed + ", " + rows + " rows, " + groups + " groups of " + size;
        Buf l = new Buf(rng, n, -4, 4), x = new Buf(rng, n, 0, 0), dy = new Buf(rng, rows, -1, 1);
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < groups; g++) {
                if (rng.nextInt(4) == 0) continue; // a missing symbol: all zeros
                x.a[x.off + r * cols + g * size + rng.nextInt(size)] = 1;
            }
        }
        Buf lse = new Buf(rng, rows * groups, 0, 0), y = new Buf(rng, rows, 0, 0);
        Buf dl = new Buf(rng, n, -1, 1), dx = new Buf(rng, n, -1, 1);
        double[] ey = new double[rows], expectedLse = new double[rows * groups], edl = new double[n], edx = new double[n];
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < groups; g++) {
                double z = 0, total = 0;
                for (int a = 0; a < size; a++) {
                    z += Math.exp(l.at(r * cols + g * size + a));
                    total += x.at(r * cols + g * size + a);
                }
                expectedLse[r * groups + g] = Math.log(z);
                for (int a = 0; a < size; a++) {
                    int i = r * cols + g * size + a;
                    double p = Math.exp(l.at(i)) / z;
                    if (x.at(i) == 1) ey[r] += Math.log(p);
                    edl[i] = dl.init(i) + dy.at(r) * (x.at(i) - p * total);
                    edx[i] = dx.init(i) + dy.at(r) * Math.log(p);
                }
            }
        }
        OpKernels.categoricalLogLikRows(rows, groups, size, l.a, l.off, x.a, x.off, lse.a, lse.off, y.a, y.off);
        y.check("categoricalLogLikRows " + what, ey);
        lse.check("categoricalLogLikRows normalizers " + what, expectedLse);
        OpKernels.categoricalLogLikBackwardAcc(rows, groups, size, l.a, l.off, x.a, x.off, lse.a, lse.off, dy.a, dy.off, dl.a, dl.off);
        dl.check("categoricalLogLikBackwardAcc " + what, edl);
        OpKernels.categoricalDataBackwardAcc(rows, groups, size, l.a, l.off, lse.a, lse.off, dy.a, dy.off, dx.a, dx.off);
        dx.check("categoricalDataBackwardAcc " + what, edx);
    }
}
