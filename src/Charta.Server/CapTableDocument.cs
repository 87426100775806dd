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

    private CapTableDocument(CapTableView view, byte[][] rows)
    {
        View = view;
        _rows = rows;
        Json = Assemble(view, rows);
    }

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

    /// <summary>Exactly the bytes of <c>JsonSerializer.Serialize(View)</c> with the API's settings.</summary>
    public byte[] Json { get; }

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
            foreach (var h in touched)
                if (RowIndex.TryGetValue(h, out var at) && !ReferenceEquals(inPlace.Holders[at], View.Holders[at]))
                    same[at] = Row(inPlace.Holders[at]);
            return new CapTableDocument(inPlace, same) { _rowIndex = _rowIndex };
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

    private static byte[] Assemble(CapTableView v, byte[][] rows)
    {
        var buffer = new ArrayBufferWriter<byte>(rows.Sum(r => r.Length + 1) + 64 * 1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Apis.Json.Encoder, Indented = false, SkipValidation = true }))
        {
            var names = Apis.Json.PropertyNamingPolicy!;
            w.WriteStartObject();
            w.WritePropertyName(names.ConvertName(nameof(CapTableView.Company)));
            JsonSerializer.Serialize(w, v.Company, Apis.Json);
            w.WritePropertyName(names.ConvertName(nameof(CapTableView.Charter)));
            JsonSerializer.Serialize(w, v.Charter, Apis.Json);
            w.WritePropertyName(names.ConvertName(nameof(CapTableView.AsOf)));
            JsonSerializer.Serialize(w, v.AsOf, Apis.Json);
            w.WritePropertyName(names.ConvertName(nameof(CapTableView.Classes)));
            JsonSerializer.Serialize(w, v.Classes, Apis.Json);
            w.WritePropertyName(names.ConvertName(nameof(CapTableView.Holders)));
            w.WriteStartArray();
            foreach (var r in rows) w.WriteRawValue(r, skipInputValidation: true);
            w.WriteEndArray();
            w.WritePropertyName(names.ConvertName(nameof(CapTableView.Instruments)));
            JsonSerializer.Serialize(w, v.Instruments, Apis.Json);
            w.WritePropertyName(names.ConvertName(nameof(CapTableView.Totals)));
            JsonSerializer.Serialize(w, v.Totals, Apis.Json);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
