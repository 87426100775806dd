using System.Buffers;
using System.Text.Json;
using Charta.Core.Ledger;
using Charta.Views;

namespace Charta.Server;

/// <summary>
/// The latest cap table as the API serves it: the view and its JSON, with each holder's row kept as JSON bytes so that
/// the next state's document re-serializes only the rows that changed (<see cref="CapTableView.Evolve"/>).
/// </summary>
public sealed class CapTableDocument
{
    private readonly byte[][] _rows;

    /// <summary>The rows in runs of <see cref="RowsPerRun"/>, each run's JSON (rows joined by commas) and its gzip part.</summary>
    private readonly Run[] _runs;

    /// <summary>The JSON before the first row (up to the holders' "[") and after the last (from its "]").</summary>
    private readonly byte[] _head, _tail;

    /// <summary>Rows per run: a write re-compresses the run of the row it changed (about 40 KB), not the document.</summary>
    internal const int RowsPerRun = 256;

    private CapTableDocument(CapTableView view, byte[][] rows, Run[]? runs = null)
    {
        View = view;
        _rows = rows;
        (_head, _tail) = Shell(view);
        _runs = runs ?? [.. Enumerable.Range(0, (rows.Length + RowsPerRun - 1) / RowsPerRun).Select(k => Run.Of(rows, k))];
        _json = new Lazy<byte[]>(() => Concat(JsonParts), LazyThreadSafetyMode.ExecutionAndPublication);
        _gzip = new Lazy<IReadOnlyList<ReadOnlyMemory<byte>>>(() => GzipSegments.Member(
            [GzipSegments.Compress(_head), .. _runs.Select(r => r.Gzip), GzipSegments.Compress(_tail)]), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>A run of rows: its JSON (a comma before every row but the document's first) and, on first use, its gzip part.</summary>
    private sealed class Run
    {
        private readonly Lazy<GzipSegments.Part> _gzip;

        private Run(byte[] json)
        {
            Json = json;
            _gzip = new Lazy<GzipSegments.Part>(() => GzipSegments.Compress(Json), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public byte[] Json { get; }

        public GzipSegments.Part Gzip => _gzip.Value;

        public static Run Of(byte[][] rows, int k)
        {
            var (from, to) = (k * RowsPerRun, Math.Min(rows.Length, (k + 1) * RowsPerRun));
            var json = new byte[(to - from) + Enumerable.Range(from, to - from).Sum(i => rows[i].Length) - (from == 0 ? 1 : 0)];
            var n = 0;
            for (var i = from; i < to; i++)
            {
                if (i > 0) json[n++] = (byte)',';
                rows[i].CopyTo(json, n);
                n += rows[i].Length;
            }

            return new Run(json);
        }
    }

    private readonly Lazy<byte[]> _json;
    private readonly Lazy<IReadOnlyList<ReadOnlyMemory<byte>>> _gzip;

    /// <summary>The JSON as the pieces to write in order: the head, the runs of rows, the tail (nothing copied).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> JsonParts => [_head, .. _runs.Select(r => (ReadOnlyMemory<byte>)r.Json), _tail];

    /// <summary>
    /// The JSON gzipped (one member, <see cref="GzipSegments"/>), as the pieces to write in order: made once per document
    /// from the parts of its runs, each compressed once and shared with the documents evolved from this one.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> GzipParts => _gzip.Value;

    public CapTableView View { get; }

    private Dictionary<string, int>? _rowIndex;

    /// <summary>Each row's place by holder name (built on first use, shared by the documents whose rows keep their places).</summary>
    private IReadOnlyDictionary<string, int> RowIndex
    {
        get
        {
            if (_rowIndex is { } built) return built;
            var index = new Dictionary<string, int>(View.Holders.Count, StringComparer.Ordinal);
            for (var i = 0; i < View.Holders.Count; i++) index[View.Holders[i].Name] = i;
            return _rowIndex = index;
        }
    }

    /// <summary>Exactly the bytes of <c>JsonSerializer.Serialize(View)</c> with the API's settings (put together on first use).</summary>
    public byte[] Json => _json.Value;

    public static CapTableDocument From(CapTable t)
    {
        var view = CapTableView.From(t);
        return new CapTableDocument(view, [.. view.Holders.Select(Row)]);
    }

    /// <summary>
    /// The document of <paramref name="after"/>, evolved from this one when only the positions of holders named by
    /// <paramref name="events"/> changed (events of the kinds listed in <see cref="TouchedBy"/>), else built from the start.
    /// </summary>
    public CapTableDocument Next(CapTable after, IReadOnlyList<RecordedEvent> events)
    {
        if (TouchedBy(after, events) is not { } touched) return From(after);
        // The rows keep their places (the usual write): only the touched rows are made again, the index carried on.
        if (CapTableView.Evolve(View, after, touched, RowIndex) is { } inPlace)
        {
            var same = (byte[][])_rows.Clone();
            var runs = (Run[])_runs.Clone();
            var changed = new HashSet<int>();
            foreach (var h in touched)
                if (RowIndex.TryGetValue(h, out var at) && !ReferenceEquals(inPlace.Holders[at], View.Holders[at]))
                {
                    same[at] = Row(inPlace.Holders[at]);
                    changed.Add(at / RowsPerRun);
                }

            // Only the runs with a changed row are joined (and, when asked for, compressed) again.
            foreach (var k in changed) runs[k] = Run.Of(same, k);
            return new CapTableDocument(inPlace, same, runs) { _rowIndex = _rowIndex };
        }

        if (CapTableView.Evolve(View, after, touched) is not { } view) return From(after);
        // The evolved view keeps every untouched row as the same object, in the same order: reuse its bytes.
        var rows = new byte[view.Holders.Count][];
        var j = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var row = view.Holders[i];
            while (j < View.Holders.Count && !ReferenceEquals(View.Holders[j], row) && View.Holders[j].Name != row.Name) j++;
            rows[i] = j < View.Holders.Count && ReferenceEquals(View.Holders[j], row) ? _rows[j] : Row(row);
            if (j < View.Holders.Count && View.Holders[j].Name == row.Name) j++;
        }

        return new CapTableDocument(view, rows);
    }

    /// <summary>The holders whose positions the events changed, or null when an event may change more than positions of the holders it names.</summary>
    public static IReadOnlySet<string>? TouchedBy(CapTable after, IReadOnlyList<RecordedEvent> events)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in events)
        {
            switch (r.Event)
            {
                case StakeholderAdded e: touched.Add(e.Name); break;
                case SharesIssued e: touched.Add(e.Holder); break;
                case SharesTransferred e: touched.Add(e.From); touched.Add(e.To); break;
                case SharesCancelled e: touched.Add(e.Holder); break;
                case InstrumentGranted e: touched.Add(e.Holder); break;
                case InstrumentExercised e when after.Instruments.TryGetValue(e.GrantId, out var i): touched.Add(i.Holder); break;
                case InstrumentExpired e when after.Instruments.TryGetValue(e.GrantId, out var i): touched.Add(i.Holder); break;
                case InstrumentCancelled e when after.Instruments.TryGetValue(e.GrantId, out var i): touched.Add(i.Holder); break;
                default: return null;
            }
        }

        return touched;
    }

    private static byte[] Row(CapTableView.HolderView h) => JsonSerializer.SerializeToUtf8Bytes(h, Apis.Json);

    /// <summary>
    /// The document's JSON without its rows, split where they go: the view serialized with no holders, cut at its
    /// top-level <c>"holders":[]</c> (a name cannot match inside a string: its quotes are escaped).
    /// </summary>
    private static (byte[] Head, byte[] Tail) Shell(CapTableView v)
    {
        var shell = JsonSerializer.SerializeToUtf8Bytes(v with { Holders = [] }, Apis.Json);
        var marker = ",\"holders\":[]"u8;
        var at = shell.AsSpan().IndexOf(marker);
        if (at < 0) throw new InvalidOperationException("the cap-table view has no holders property");
        var open = at + marker.Length - 1; // after the "["
        return (shell[..open], shell[open..]);
    }

    private static byte[] Concat(IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        var all = new byte[parts.Sum(p => p.Length)];
        var n = 0;
        foreach (var p in parts)
        {
            p.Span.CopyTo(all.AsSpan(n));
            n += p.Length;
        }

        return all;
    }
}
