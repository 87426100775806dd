using Charta.Core.Money;

namespace Charta.Core.Ledger;

/// <summary>
/// The cap table's per-holder figures: every holder's positions by class and each series' sum as converted. A ledger of
/// 10,000 holders takes a pass over every position to build them, so a table evolved from another by a few events (a
/// server's write) derives them from that table's: its rows copied, the rows of the holders the events touched read
/// again. Both ways give the same figures (tested against the pass over every position).
/// </summary>
public sealed partial class CapTable
{
    /// <summary>Every holder's nonzero positions, by class in charter order (common first), and those class ids.</summary>
    public sealed record HolderPositions(string[] ClassIds, IReadOnlyDictionary<string, long[]> ByHolder);

    /// <summary>
    /// What a table has built of its per-holder figures (filled once, under its own lock), which a table evolved from it
    /// reads through <see cref="Lineage"/>: the cell holds figures only, never a table, so no chain of states is kept.
    /// </summary>
    internal sealed class HolderCell
    {
        public HolderPositions? Positions;
        public ClassSums? Sums;
    }

    /// <summary>Each series' sum as converted (§6(g)(i), rounded down per position) and the terms it was computed on.</summary>
    internal sealed record ClassSums(int[] Columns, ExactPrice[] Prices, decimal[] Oips, long[] Sums);

    /// <summary>
    /// The table this one was evolved from (its cell) and a superset of the holders whose positions changed since. Kept
    /// with the table (a model built on it derives from the model of that table); the cell holds no table, so a chain of
    /// evolved tables keeps at most one earlier set of figures each.
    /// </summary>
    internal sealed record HolderLineage(HolderCell Before, IReadOnlySet<string> Touched, HolderLineage? Earlier = null)
    {
        /// <summary>How many tables back a lineage reaches (writes decided one after another before any is read).</summary>
        public const int Depth = 8;

        /// <summary>This lineage with <paramref name="before"/>'s in front of it: the tables evolved through, at most <see cref="Depth"/>.</summary>
        public static HolderLineage Through(HolderCell before, IReadOnlySet<string> touched, HolderLineage? earlier) =>
            new(before, touched, Trim(earlier, Depth - 1));

        private static HolderLineage? Trim(HolderLineage? l, int depth) =>
            l is null || depth <= 0 ? null : l with { Earlier = Trim(l.Earlier, depth - 1) };

        /// <summary>Each table evolved through (nearest first) and the holders touched since it (a union down the chain).</summary>
        public IEnumerable<(HolderCell Cell, IReadOnlySet<string> Touched)> Ancestors()
        {
            IReadOnlySet<string> touched = Touched;
            for (var l = this; l is not null; l = l.Earlier)
            {
                if (!ReferenceEquals(l, this)) touched = new HashSet<string>(touched.Concat(l.Touched), StringComparer.Ordinal);
                yield return (l.Before, touched);
            }
        }
    }

    private readonly HolderCell _cell = new();
    private HolderLineage? _lineage;

    /// <summary>This table's cell (for an editor that evolves it: <see cref="LedgerEditor.From"/>), and its identity for a model built on it.</summary>
    internal HolderCell Cell => _cell;

    /// <summary>
    /// A superset of the holders whose positions changed since the table of <paramref name="cell"/>, if this one was
    /// evolved from it (through at most <see cref="HolderLineage.Depth"/> tables); null otherwise.
    /// </summary>
    internal IReadOnlySet<string>? TouchedSince(HolderCell cell)
    {
        if (_lineage is null) return null;
        foreach (var (c, touched) in _lineage.Ancestors())
            if (ReferenceEquals(c, cell)) return touched;
        return null;
    }

    /// <summary>The lineage of this table (for an editor that evolves it).</summary>
    internal HolderLineage? LineageOf => _lineage;

    /// <summary>The nearest table evolved through whose <paramref name="built"/> figure is built, and the holders touched since.</summary>
    private (HolderCell Cell, IReadOnlySet<string> Touched)? Nearest(Func<HolderCell, bool> built)
    {
        if (_lineage is null) return null;
        foreach (var a in _lineage.Ancestors())
            if (built(a.Cell)) return a;
        return null;
    }

    /// <summary>Set by the editor that made this table from another (<see cref="LedgerEditor.Freeze"/>).</summary>
    internal HolderLineage? Lineage
    {
        init => _lineage = value;
    }

    /// <summary>Above this share of the holders touched, the rows are built from every position rather than derived.</summary>
    private const int DeriveAtMostOneIn = 8;

    /// <summary>
    /// Each holder's positions indexed as <see cref="HolderPositions.ClassIds"/>: one pass over the positions, or the
    /// rows of the table this one was evolved from with the touched holders' rows read again; kept (the table is
    /// immutable), for the readers that visit every holder and class (ownership tables, the waterfall's holdings).
    /// </summary>
    public HolderPositions PositionsByHolder()
    {
        if (Volatile.Read(ref _cell.Positions) is { } cached) return cached;
        lock (_cell)
        {
            if (_cell.Positions is { } again) return again;
            var ids = Charter.ClassIds.ToArray();
            var built = Derived(ids) ?? AllPositions(ids);
            Volatile.Write(ref _cell.Positions, built);
            return built;
        }
    }

    /// <summary>The rows from every position: the state's immutable dictionary itself (its struct enumerator).</summary>
    internal HolderPositions AllPositions(string[] ids)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < ids.Length; k++) index[ids[k]] = k;
        var held = new Dictionary<string, long[]>(Holders.Count, StringComparer.Ordinal);
        foreach (var ((holder, security), n) in State.Issuance.Positions)
        {
            if (n == 0 || !index.TryGetValue(security, out var k)) continue;
            if (!held.TryGetValue(holder, out var row)) held[holder] = row = new long[ids.Length];
            row[k] = n;
        }

        return new HolderPositions(ids, held);
    }

    /// <summary>The rows of the table this one came from, with the touched holders' rows read again (null: build them all).</summary>
    private HolderPositions? Derived(string[] ids)
    {
        if (Nearest(c => Volatile.Read(ref c.Positions) is not null) is not { } l || l.Cell.Positions is not { } before || !before.ClassIds.AsSpan().SequenceEqual(ids)
            || before.ByHolder is not Dictionary<string, long[]> rows || l.Touched.Count > rows.Count / DeriveAtMostOneIn + 16)
            return null;
        // The same comparer: the entries are copied, not hashed again. Rows are never changed once built: a touched
        // holder gets a new one.
        var held = new Dictionary<string, long[]>(rows, StringComparer.Ordinal);
        foreach (var h in l.Touched)
        {
            var row = new long[ids.Length];
            var any = false;
            for (var k = 0; k < ids.Length; k++)
                if (State.Issuance.Positions.TryGetValue((h, ids[k]), out var n) && n != 0)
                    (row[k], any) = (n, true);
            if (any) held[h] = row;
            else held.Remove(h);
        }

        return new HolderPositions(ids, held);
    }

    /// <summary>Σ over holders of each holder's position as converted (rounded down per position, §6(g)(i)).</summary>
    public long ClassAsConverted(string classId)
    {
        if (Charter.IsCommon(classId)) return Outstanding(classId);
        var sums = SeriesSums();
        var ids = PositionsByHolder().ClassIds;
        for (var j = 0; j < sums.Columns.Length; j++)
            if (ids[sums.Columns[j]] == classId) return sums.Sums[j];
        return 0;
    }

    private ClassSums SeriesSums()
    {
        if (Volatile.Read(ref _cell.Sums) is { } cached) return cached;
        var positions = PositionsByHolder();
        lock (_cell)
        {
            if (_cell.Sums is { } again) return again;
            // The series' terms looked up once (the table is immutable, so the sums are kept).
            var ids = positions.ClassIds;
            var columns = new List<int>();
            var prices = new List<ExactPrice>();
            var oips = new List<decimal>();
            for (var k = 0; k < ids.Length; k++)
                if (!Charter.IsCommon(ids[k]) && Charter.FindSeries(ids[k]) is { } s)
                {
                    columns.Add(k);
                    prices.Add(ExactConversionPrice(ids[k]));
                    oips.Add(s.OriginalIssuePrice.Value);
                }

            var terms = new ClassSums([.. columns], [.. prices], [.. oips], new long[columns.Count]);
            var built = DerivedSums(terms, positions) ?? SumAll(terms, positions);
            Volatile.Write(ref _cell.Sums, built);
            return built;
        }
    }

    /// <summary>One pass over every holder's row, for every series.</summary>
    internal static ClassSums SumAll(ClassSums terms, HolderPositions positions)
    {
        var sums = terms.Sums;
        foreach (var row in positions.ByHolder.Values) Add(terms, row, sums, +1);
        return terms;
    }

    /// <summary>
    /// The sums of the table this one came from, less the touched holders' rows there, plus their rows here: only when
    /// the columns, conversion prices and issue prices are the same (null: sum them all).
    /// </summary>
    private ClassSums? DerivedSums(ClassSums terms, HolderPositions now)
    {
        if (Nearest(c => Volatile.Read(ref c.Sums) is not null && Volatile.Read(ref c.Positions) is not null) is not { } l
            || l.Cell.Sums is not { } before || l.Cell.Positions is not { } rowsBefore
            || !before.Columns.AsSpan().SequenceEqual(terms.Columns) || !before.Prices.AsSpan().SequenceEqual(terms.Prices)
            || !before.Oips.AsSpan().SequenceEqual(terms.Oips) || !rowsBefore.ClassIds.AsSpan().SequenceEqual(now.ClassIds)
            || l.Touched.Count > now.ByHolder.Count / DeriveAtMostOneIn + 16)
            return null;
        var sums = terms.Sums;
        before.Sums.CopyTo(sums, 0);
        foreach (var h in l.Touched)
        {
            if (rowsBefore.ByHolder.TryGetValue(h, out var was)) Add(terms, was, sums, -1);
            if (now.ByHolder.TryGetValue(h, out var row)) Add(terms, row, sums, +1);
        }

        return terms;
    }

    private static void Add(ClassSums terms, long[] row, long[] sums, int sign)
    {
        for (var j = 0; j < terms.Columns.Length; j++)
            if (row[terms.Columns[j]] is not 0 and var n)
                sums[j] = checked(sums[j] + sign * terms.Prices[j].WholeSharesFor(n * terms.Oips[j]));
    }
}
