package dev.elbo.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The products of {@link Gemm} with the Vector API: an outer-product micro-kernel holding an
 * {@code MR × NR} tile of C in registers, fed by A and B mostly in place, with copies only where
 * the layout calls for them. Loaded only when {@link VectorSupport#ENABLED} is true.
 *
 * <h2>Layout of the work</h2>
 * Every product is described by strides: {@code A(i,p) = a[aOff + i·ars + p·acs]} and
 * {@code B(p,j) = b[bOff + p·brs + j·bcs]}, so one code path serves all three variants.
 * <pre>
 * for jc in column blocks of NC              (a block of C's columns)
 *   for pc in depth blocks of at most KC     (the same blocks for every thread count)
 *     B block kc × nc: NR-column panels, read in place or copied (see below)
 *     for ir in row panels of MR             (A's MR × kc micro-panel stays in L1)
 *       for jr in the NR-panels of the block (the B block stays in L2)
 *         micro-kernel: C[ir.., jc+jr..] (+)= A[ir.., pc..] · B panel
 * </pre>
 * <ul>
 *   <li>A is read in place: the kernel broadcasts {@code A(i,p)} for its MR rows straight from
 *       the caller's array (MR short streams for {@code mul} and {@code mulTransB}, one for
 *       {@code mulTransA}); measured as fast as a packed copy, and it saves a pass over A. So
 *       there is no MC block: A's micro-panel is the unit of reuse.
 *   <li>B is read in place when its rows are contiguous ({@code mul}, {@code mulTransA}): copying
 *       B cost 6–13% on the VAE shapes, where each panel serves only 100–128 rows of A.
 *       It is copied into panels when it is stored transposed ({@code mulTransB}, the copy is
 *       the transposition), and for the right-edge panel whose width is not a whole number of
 *       vectors (zero-padded, so a vector load never reads past B).
 *   <li>Row strides that are multiples of {@link #BAD_STRIDE} (such as 1024) put a panel's rows
 *       in a few cache sets; B is then copied, and so is A's micro-panel in {@code mulTransA}.
 *   <li>With vectors narrower than 512 bits, B is always copied and so is A in
 *       {@code mulTransA} ({@link #PACK_ALWAYS}).
 * </ul>
 *
 * <h2>Same result for any blocking and thread count</h2>
 * The kernel loads C's tile into its accumulators (or starts at +0.0), runs {@code acc =
 * fma(a, b, acc)} over the block's depth and stores the tile back. Every element therefore gets
 * the single fma chain over {@code p = 0 … k−1} whatever tile shape, depth block or thread
 * computes it. Edge tiles use smaller kernels (fewer rows or vectors) or, when the width is not a
 * whole number of vectors, a full-width kernel on a copy of the tile: the same chain again.
 * Threads split C by columns or by rows, never by {@code p}.
 */
final class GemmVector {
    private GemmVector() {}

    /** Vector shape: the preferred one, or {@code -Delbo.gemm.vectorBits=256} (for tests and comparisons). */
    static final VectorSpecies<Double> SPECIES = chooseSpecies();
    /** Doubles per vector. */
    static final int L = SPECIES.length();
    /**
     * Rows and vectors of the main micro-tile: 8 × 3 vectors with 512-bit vectors (AVX-512, 32
     * registers: 24 accumulators + 3 of B + 1 broadcast), 4 × 3 with narrower ones (AVX2, 16
     * registers: 12 + 3 + 1). Of the shapes measured (8×3, 6×2, 8×2, 12×2, 4×4 …; 6×2, 4×2,
     * 4×3 at 256 bits) these were the fastest in the full product.
     */
    static final int MR = L >= 8 ? 8 : 4;
    static final int NV = 3;
    /** Columns of the main micro-tile (and of a packed B panel). */
    static final int NR = NV * L;
    /**
     * Depth of a block: the packed B block is KC × NC and an A micro-panel MR × KC (16 KiB with
     * 8 rows, fits L1 beside the stream of B). The depth is cut into equal blocks of at most KC,
     * so no block is a sliver.
     */
    static final int KC = Integer.getInteger("elbo.gemm.kc", 256);
    /** Columns of a B block: KC × NC doubles (480 KiB) stay in a 1 MiB L2. A multiple of NR. */
    static final int NC = GemmVector.roundUp(Integer.getInteger("elbo.gemm.nc", 240), NR);
    /**
     * Columns of a B block when A has more than {@link #TALL} rows. A is read again for every
     * column block, and a tall A no longer fits in L2; then wider blocks, with B spilling to L3,
     * are faster (1024³: +3–10%), while for the VAE's 100–128 rows they are slower (−7%).
     */
    static final int NC_TALL = 4 * NC;
    static final int TALL = 256;
    /**
     * Row strides (in doubles) that are multiples of this put the rows of a panel read in place
     * into a few cache sets (2 KiB apart and more: L1 and L2 keep only a handful of them), so such
     * operands are copied instead (1024³ lost 10–20% in place).
     */
    static final int BAD_STRIDE = 256;
    /**
     * Copy B always, and A whenever its columns are contiguous: with vectors narrower than 512
     * bits (a 4-row tile, B panels of 1.5 cache lines) reading them in place measured 5–25%
     * slower. {@code -Delbo.gemm.packing=always} forces it (for tests and measurements).
     */
    static final boolean PACK_ALWAYS = L < 8 || "always".equals(System.getProperty("elbo.gemm.packing"));
    /**
     * Rows are handed to threads in strips of this many (half a micro-tile with 512-bit vectors):
     * 100 rows split 52 + 48 rather than 56 + 44 in whole MR-row panels, so the larger share is
     * 4% of the work smaller. A thread's strip ends in a 4-row tile at worst, and every element
     * keeps its one fma chain, so the split changes no bit.
     */
    static final int ROW_UNIT = Math.min(4, MR);
    /** Below this many multiply-adds a product runs on the calling thread alone. */
    static final long PARALLEL_MIN_FMAS = 1L << 16;
    /**
     * Cost of copying one element of B, in multiply-adds (a transposing copy takes about
     * 0.35 ns, a multiply-add 0.04 ns at 50 GFLOP/s), for choosing how to split among threads:
     * split by rows, every thread copies all of B.
     */
    private static final int PACK_COST = 10;
    /**
     * Cost of a cache line of C that two threads write, in multiply-adds. Split by columns, every
     * row of C has one where two threads' columns meet, written once per depth block, and the
     * line moves between the cores each time. Measured on the IWAE shapes (Zen 5, 2 threads,
     * each way in one JVM): 100×200×50 took 17.8 µs split by columns and 15.0 µs by rows, the
     * same multiply-adds per thread, so about 28 ns (1,300 multiply-adds) per shared line. Split
     * by rows, only the line where two threads' rows meet is shared: negligible.
     */
    private static final int SHARED_LINE_COST = 1000;
    /**
     * How threads split a product: by the costs above, or always by {@code rows} or by
     * {@code cols} ({@code -Delbo.gemm.split=rows|cols}, for tests and measurements).
     */
    static final String SPLIT = System.getProperty("elbo.gemm.split", "auto");
    /**
     * Transpose B's panels ({@code mulTransB}) by blocks in vector registers ({@link PanelTranspose},
     * with vectors of 8 or 4 doubles). With 8: 6–11% faster products on JDK 25, within ±2% on
     * JDK 17 (whose compiled shuffles are slower); with 4 (measured as 256-bit vectors on an
     * AVX-512 CPU): 3–8% on JDK 25, 2–3% on JDK 17. The same values either way;
     * {@code -Delbo.gemm.transpose=scalar} turns it off (for measurements).
     */
    static final boolean VECTOR_TRANSPOSE = PanelTranspose.AVAILABLE
            && !"scalar".equals(System.getProperty("elbo.gemm.transpose"));

    static {
        JitCheck.warnIfNeeded(); // once, when the first product loads this class
    }

    private static VectorSpecies<Double> chooseSpecies() {
        int bits = Integer.getInteger("elbo.gemm.vectorBits", 0);
        if (bits == 0) {
            return DoubleVector.SPECIES_PREFERRED;
        }
        return VectorSpecies.of(double.class, VectorShape.forBitSize(bits));
    }

    static void mul(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                    double[] c, int cOff, boolean accumulate) {
        run(m, n, k, a, aOff, k, 1, b, bOff, n, 1, c, cOff, accumulate);
    }

    static void mulTransB(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                          double[] c, int cOff, boolean accumulate) {
        run(m, n, k, a, aOff, k, 1, b, bOff, 1, k, c, cOff, accumulate);
    }

    static void mulTransA(int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
                          double[] c, int cOff, boolean accumulate) {
        run(m, n, k, a, aOff, 1, m, b, bOff, n, 1, c, cOff, accumulate);
    }

    // ------------------------------------------------------------------ threads

    /** Per-thread buffers: grown once, reused by every call on that thread. */
    static final class Workspace {
        private double[] packedB = new double[KC * NC];
        final double[] packedA = new double[KC * MR];
        /** An edge tile whose width is not a whole number of vectors. */
        final double[] tile = new double[MR * NR];

        /** The buffer for a B block of {@code nc} columns (grown, once, for the wider blocks of a tall A). */
        double[] packedB(int nc) {
            if (packedB.length < KC * nc) {
                packedB = new double[KC * NC_TALL];
            }
            return packedB;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** The arguments of one product, one object per calling thread: a parallel call allocates nothing. */
    private static final class Job implements Parallel.RangeTask {
        int m, n, k, aOff, ars, acs, bOff, brs, bcs, cOff;
        double[] a, b, c;
        boolean accumulate;
        /** Units of work are NR-column panels when true, {@link #ROW_UNIT}-row strips when false. */
        boolean byColumns;
        /** Copy B into panels (else read its rows in place), copy A's micro-panels (else read in place). */
        boolean packB, packA;
        /** Units and parts of a parallel call: part t is units {@code partStart(t) … partStart(t+1) − 1}. */
        int units, parts;

        /**
         * Parts {@code from … to−1} of a parallel call (one each, but for a pool that runs them
         * inline). The cuts are computed here, from fields the worker reads anyway: an array
         * written by the caller would be one more cache line to fetch from its core.
         */
        @Override
        public void run(int from, int to) {
            int unit = byColumns ? NR : ROW_UNIT;
            int size = byColumns ? n : m;
            for (int t = from; t < to; t++) {
                runUnits(partStart(units, unit, size, parts, t), partStart(units, unit, size, parts, t + 1));
            }
        }

        /** Units {@code from … to−1}: NR-column panels or ROW_UNIT-row strips. */
        void runUnits(int from, int to) {
            Workspace ws = WORKSPACE.get();
            if (byColumns) {
                compute(this, 0, m, from * NR, Math.min(n, to * NR), ws);
            } else {
                compute(this, from * ROW_UNIT, Math.min(m, to * ROW_UNIT), 0, n, ws);
            }
        }
    }

    private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

    private static void run(int m, int n, int k, double[] a, int aOff, int ars, int acs,
                            double[] b, int bOff, int brs, int bcs, double[] c, int cOff, boolean accumulate) {
        Job job = JOB.get();
        job.m = m;
        job.n = n;
        job.k = k;
        job.a = a;
        job.aOff = aOff;
        job.ars = ars;
        job.acs = acs;
        job.b = b;
        job.bOff = bOff;
        job.brs = brs;
        job.bcs = bcs;
        job.c = c;
        job.cOff = cOff;
        job.accumulate = accumulate;
        // B is read in place when its rows are contiguous; its panels are copied when it is stored
        // transposed, or when its rows are a multiple of BAD_STRIDE apart. A is read in place but
        // for that same case of a contiguous A column (mulTransA with such an m).
        job.packB = bcs != 1 || brs % BAD_STRIDE == 0 || PACK_ALWAYS;
        job.packA = ars == 1 && (acs % BAD_STRIDE == 0 || PACK_ALWAYS);
        int colPanels = ceilDiv(n, NR);
        int rowStrips = ceilDiv(m, ROW_UNIT);
        int threads = Parallel.threads();
        try {
            if (threads == 1 || (long) m * n * k < PARALLEL_MIN_FMAS) {
                job.byColumns = true;
                job.runUnits(0, colPanels);
                return;
            }
            job.byColumns = splitByColumns(m, n, k, job.packB, colPanels, rowStrips);
            job.units = job.byColumns ? colPanels : rowStrips;
            job.parts = Parallel.parts(job.units);
            Parallel.forRange(job.parts, job); // one unit of Parallel's per part
        } finally {
            job.a = null;
            job.b = null;
            job.c = null;
        }
    }

    /**
     * Whether to split among threads by columns rather than by rows: the way whose largest share
     * of one thread costs less, in multiply-adds plus copies of B (split by rows, every thread
     * copies all of B) plus the cache lines of C that two threads write. Ties go to rows.
     */
    private static boolean splitByColumns(int m, int n, int k, boolean packB, int colPanels, int rowStrips) {
        if (!SPLIT.equals("auto")) {
            return SPLIT.equals("cols");
        }
        long packCost = packB ? PACK_COST : 0;
        long depthBlocks = ceilDiv(k, KC);
        long byCols = largestPart(colPanels, NR, n, Parallel.parts(colPanels)) * ((long) m * k + packCost * k)
                + SHARED_LINE_COST * m * depthBlocks;
        long byRows = largestPart(rowStrips, ROW_UNIT, m, Parallel.parts(rowStrips)) * (long) n * k + packCost * k * n;
        return byCols < byRows;
    }

    /**
     * The most rows or columns (of {@code size}) that one part gets when {@link #partStart} splits
     * {@code units} of {@code unit} into {@code parts}.
     */
    static long largestPart(int units, int unit, int size, int parts) {
        long largest = 0;
        for (int t = 1, from = 0, to; t <= parts; t++, from = to) { // the chain of cuts, walked once
            to = cutAt(units, unit, size, parts, t, from);
            largest = Math.max(largest, Math.min(size, to * unit) - Math.min(size, from * unit));
        }
        return largest;
    }

    /**
     * The first unit of part t when {@code units} units of {@code unit} rows or columns (the last
     * one shorter if {@code size} is not a multiple) are cut into {@code parts} parts (t = parts
     * gives {@code units}). Each cut is the unit boundary nearest to an equal share of
     * {@code size}, and a tie goes to the earlier part: part 0 is the calling thread's, which
     * starts while a worker is still on its way (100 rows in strips of 4 are cut 52 + 48, not
     * 48 + 52). Which thread computes an element changes none of its bits.
     */
    static int partStart(int units, int unit, int size, int parts, int t) {
        int start = 0;
        for (int c = 1; c <= t; c++) {
            start = cutAt(units, unit, size, parts, c, start);
        }
        return start;
    }

    /**
     * Cut t of {@link #partStart}, after cut t−1 at {@code previous}: never an empty part; cut
     * {@code parts} is the end, {@code units}.
     */
    private static int cutAt(int units, int unit, int size, int parts, int t, int previous) {
        if (t == parts) {
            return units;
        }
        long share = (long) t * size; // the equal share, times parts
        int below = (int) (share / ((long) parts * unit));
        long shortBy = share - (long) parts * Math.min(size, below * unit);
        long overBy = (long) parts * Math.min(size, (below + 1) * unit) - share;
        int at = overBy <= shortBy ? below + 1 : below;
        return Math.max(previous + 1, Math.min(at, units - (parts - t)));
    }

    // ------------------------------------------------------------------ blocking

    /** C[rowFrom..rowTo, colFrom..colTo] of the job's product; colFrom is a multiple of NR. */
    private static void compute(Job j, int rowFrom, int rowTo, int colFrom, int colTo, Workspace ws) {
        int k = j.k;
        int depth = ceilDiv(k, ceilDiv(k, KC)); // equal blocks of at most KC
        int width = j.m > TALL ? NC_TALL : NC;
        double[] packed = ws.packedB(j.packB ? Math.min(width, colTo - colFrom) : NR);
        for (int jc = colFrom; jc < colTo; jc += width) {
            int nc = Math.min(width, colTo - jc);
            for (int pc = 0; pc < k; pc += depth) {
                int kc = Math.min(depth, k - pc);
                boolean load = j.accumulate || pc > 0;
                int bBlock = j.bOff + pc * j.brs + jc * j.bcs;
                if (j.packB) {
                    packB(kc, nc, j.b, bBlock, j.brs, j.bcs, packed);
                } else if (nc % L != 0) { // the last panel ends in a partial vector: copy it, zero-padded
                    int lastJr = lastPanel(nc);
                    packRows(kc, nc - lastJr, roundUp(nc - lastJr, L), j.b, bBlock + lastJr, j.brs, packed, 0);
                }
                int aBlock = j.aOff + pc * j.acs;
                for (int ir = rowFrom; ir < rowTo; ) {
                    int rows = rowsAt(rowTo - ir);
                    double[] a = j.a;
                    int ai = aBlock + ir * j.ars;
                    int ars = j.ars;
                    int acs = j.acs;
                    if (j.packA) {
                        packPanelA(kc, rows, a, ai, acs, ws.packedA);
                        a = ws.packedA;
                        ai = 0;
                        acs = rows;
                    }
                    int ci = j.cOff + ir * j.n + jc;
                    for (int jr = 0, cols; jr < nc; jr += cols) {
                        cols = panelCols(jr, nc);
                        int w = roundUp(cols, L);
                        // The panel: B itself, or its copy (all panels, or only a partial last one).
                        double[] panel = j.b;
                        int bi = bBlock + jr;
                        int bStep = j.brs;
                        if (j.packB || cols != w) {
                            panel = packed;
                            bi = j.packB ? jr * kc : 0;
                            bStep = w;
                        }
                        tile(rows, cols, kc, a, ai, ars, acs, panel, bi, bStep, j.c, ci + jr, j.n, load, ws.tile);
                    }
                    ir += rows;
                }
            }
        }
    }

    /**
     * Columns of the B panel that starts at column {@code jr} of a block {@code nc} wide: NR but
     * at the end, where 4 vectors are cut 2 + 2 rather than 3 + 1 (a one-vector kernel does one
     * broadcast per multiply-add and runs about 30% slower).
     */
    private static int panelCols(int jr, int nc) {
        int left = nc - jr;
        if (NV == 3 && left > 3 * L && left <= 4 * L) {
            return 2 * L;
        }
        return Math.min(NR, left);
    }

    /** Start of the last panel of a block {@code nc} wide. */
    private static int lastPanel(int nc) {
        int last = 0;
        for (int jr = 0; jr < nc; jr += panelCols(jr, nc)) {
            last = jr;
        }
        return last;
    }

    /** Rows of the next row panel: MR while possible, then 4, 2 and 1 for the last few. */
    private static int rowsAt(int remaining) {
        if (remaining >= MR) {
            return MR;
        }
        return remaining >= 4 ? 4 : remaining >= 2 ? 2 : 1;
    }

    /** One tile of {@code rows × cols} of C from a B panel of {@code cols} columns; {@code cols ≤ NR}. */
    private static void tile(int rows, int cols, int kc, double[] a, int ai, int ars, int acs,
                             double[] b, int bi, int bStep, double[] c, int ci, int ldc, boolean load, double[] tile) {
        int w = roundUp(cols, L); // width of the panel in whole vectors
        if (w == cols) {
            kernel(rows, w / L, kc, a, ai, ars, acs, b, bi, bStep, c, ci, ldc, load);
            return;
        }
        // A partial vector at the right edge: compute on a copy so nothing past C's row is touched.
        if (load) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, ci + r * ldc, tile, r * w, cols);
            }
        }
        kernel(rows, w / L, kc, a, ai, ars, acs, b, bi, bStep, tile, 0, w, load);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * w, c, ci + r * ldc, cols);
        }
    }

    private static void kernel(int rows, int vecs, int kc, double[] a, int ai, int ars, int acs,
                               double[] b, int bi, int bStep, double[] c, int ci, int ldc, boolean load) {
        switch (rows * 4 + vecs) {
            case 8 * 4 + 3: GemmMicroKernels.k8x3(kc, a, ai, ars, acs, b, bi, bStep, c, ci, ldc, load); break;
            case 8 * 4 + 2: GemmMicroKernels.k8x2(kc, a, ai, ars, acs, b, bi, bStep, c, ci, ldc, load); break;
            case 8 * 4 + 1: GemmMicroKernels.k8x1(kc, a, ai, ars, acs, b, bi, bStep, c, ci, ldc, load); break;
            case 4 * 4 + 3: GemmMicroKernels.k4x3(kc, a, ai, ars, acs, b, bi, bStep, c, ci, ldc, load); break;
            case 4 * 4 + 2: GemmMicroKernels.k4x2(kc, a, ai, ars, acs, b, bi, bStep, c, ci, ldc, load); break;
            case 4 * 4 + 1: GemmMicroKernels.k4x1(kc, a, ai, ars, acs, b, bi, bStep, c, ci, ldc, load); break;
            case 2 * 4 + 3: GemmMicroKernels.k2x3(kc, a, ai, ars, acs, b, bi, bStep, c, ci, ldc, load); break;
            case 2 * 4 + 2: GemmMicroKernels.k2x2(kc, a, ai, ars, acs, b, bi, bStep, c, ci, ldc, load); break;
            case 2 * 4 + 1: GemmMicroKernels.k2x1(kc, a, ai, ars, acs, b, bi, bStep, c, ci, ldc, load); break;
            case 1 * 4 + 3: GemmMicroKernels.k1x3(kc, a, ai, ars, acs, b, bi, bStep, c, ci, ldc, load); break;
            case 1 * 4 + 2: GemmMicroKernels.k1x2(kc, a, ai, ars, acs, b, bi, bStep, c, ci, ldc, load); break;
            case 1 * 4 + 1: GemmMicroKernels.k1x1(kc, a, ai, ars, acs, b, bi, bStep, c, ci, ldc, load); break;
            default: throw new AssertionError("no micro-kernel for " + rows + " rows x " + vecs + " vectors");
        }
    }

    // ------------------------------------------------------------------ packing

    /**
     * Copies the {@code kc × nc} block of B starting at {@code b[bi]} into panels of
     * {@link #panelCols} columns: the panel of column {@code jr} starts at {@code dst[jr·kc]} and
     * holds its row p at {@code p·w}, w being its width rounded up to whole vectors (only the
     * last panel can have {@code w > cols}), with zeros past column {@code nc} (the kernel's results for those lanes are thrown
     * away; zeros keep them finite, with no slow denormal arithmetic).
     */
    private static void packB(int kc, int nc, double[] b, int bi, int brs, int bcs, double[] dst) {
        for (int jr = 0, cols; jr < nc; jr += cols) {
            cols = panelCols(jr, nc);
            int w = roundUp(cols, L);
            if (bcs == 1) {
                packRows(kc, cols, w, b, bi + jr, brs, dst, jr * kc);
            } else {
                packColumns(kc, cols, w, b, bi + jr * bcs, bcs, dst, jr * kc);
            }
        }
    }

    /** Panel from a B whose rows are contiguous ({@code mul}, {@code mulTransA}): row copies. */
    private static void packRows(int kc, int cols, int w, double[] b, int src, int brs, double[] dst, int d) {
        if (cols == w) {
            for (int p = 0; p < kc; p++, src += brs, d += w) {
                for (int v = 0; v < w; v += L) {
                    DoubleVector.fromArray(SPECIES, b, src + v).intoArray(dst, d + v);
                }
            }
        } else {
            for (int p = 0; p < kc; p++, src += brs, d += w) {
                System.arraycopy(b, src, dst, d, cols);
                for (int j = cols; j < w; j++) {
                    dst[d + j] = 0.0;
                }
            }
        }
    }

    /**
     * Panel from a B stored transposed ({@code mulTransB}: column j of B is contiguous): a
     * transposition, of blocks in registers where the vectors hold 8 or 4 doubles
     * ({@link PanelTranspose}), else one double at a time.
     */
    private static void packColumns(int kc, int cols, int w, double[] b, int src, int bcs, double[] dst, int d) {
        if (VECTOR_TRANSPOSE) {
            PanelTranspose.packColumns(kc, cols, w, b, src, bcs, dst, d);
        } else {
            packColumnsScalar(kc, cols, w, b, src, bcs, dst, d);
        }
    }

    /**
     * {@link #packColumns} one double at a time, by blocks of 4 p × 2 columns (each read cache
     * line is used while hot; the fastest of the scalar orders tried, about 1.1 cycles per
     * element). Used with other vector widths; the reference of the vector one's tests.
     */
    static void packColumnsScalar(int kc, int cols, int w, double[] b, int src, int bcs, double[] dst, int d) {
        int p = 0;
        for (; p + 4 <= kc; p += 4, d += 4 * w) {
            int j = 0;
            for (int s = src + p; j + 2 <= cols; j += 2, s += 2 * bcs) {
                double x0 = b[s], x1 = b[s + 1], x2 = b[s + 2], x3 = b[s + 3];
                double y0 = b[s + bcs], y1 = b[s + bcs + 1], y2 = b[s + bcs + 2], y3 = b[s + bcs + 3];
                dst[d + j] = x0;
                dst[d + j + 1] = y0;
                dst[d + w + j] = x1;
                dst[d + w + j + 1] = y1;
                dst[d + 2 * w + j] = x2;
                dst[d + 2 * w + j + 1] = y2;
                dst[d + 3 * w + j] = x3;
                dst[d + 3 * w + j + 1] = y3;
            }
            for (; j < w; j++) { // an odd last column, then the zero padding
                boolean real = j < cols;
                int s = src + j * bcs + p;
                dst[d + j] = real ? b[s] : 0.0;
                dst[d + w + j] = real ? b[s + 1] : 0.0;
                dst[d + 2 * w + j] = real ? b[s + 2] : 0.0;
                dst[d + 3 * w + j] = real ? b[s + 3] : 0.0;
            }
        }
        for (; p < kc; p++, d += w) {
            for (int j = 0, s = src + p; j < cols; j++, s += bcs) {
                dst[d + j] = b[s];
            }
            for (int j = cols; j < w; j++) {
                dst[d + j] = 0.0;
            }
        }
    }

    /** Copies the rows × kc panel of an A whose columns are contiguous (A(i, p) at ai + i + p·acs). */
    private static void packPanelA(int kc, int rows, double[] a, int ai, int acs, double[] dst) {
        if (rows == L) {
            for (int p = 0, d = 0; p < kc; p++, ai += acs, d += L) {
                DoubleVector.fromArray(SPECIES, a, ai).intoArray(dst, d);
            }
            return;
        }
        for (int p = 0, d = 0; p < kc; p++, ai += acs, d += rows) {
            for (int r = 0; r < rows; r++) {
                dst[d + r] = a[ai + r];
            }
        }
    }

    static int roundUp(int x, int q) {
        return ceilDiv(x, q) * q;
    }

    private static int ceilDiv(int x, int q) {
        return (x + q - 1) / q;
    }
}
