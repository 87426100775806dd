namespace Charta.Core.Ledger;

/// <summary>
/// What a cap table's totals need of the instruments, without listing them (issue 9 item 5: 246,769 options): per holder,
/// the shares outstanding under instruments over <see cref="Common"/> that cannot lapse (no expiry date: counted at
/// face), and, whole, every other instrument with shares outstanding (one with an expiry date, whose shares count only
/// until it lapses on the table's date, <see cref="CapTable.OutstandingOf"/>; one over preferred, counted as converted
/// one by one). The same figures as a pass over the instruments; kept beside a snapshot's instruments and moved by the
/// changes made to them by key (<see cref="With"/>).
/// </summary>
internal sealed class InstrumentSums
{
    private readonly Dictionary<string, long> _undated;
    private readonly Dictionary<string, Instrument> _listed;

    private InstrumentSums(string common, Dictionary<string, long> undated, Dictionary<string, Instrument> listed)
    {
        Common = common;
        _undated = undated;
        _listed = listed;
    }

    /// <summary>The common class the sums are of.</summary>
    public string Common { get; }

    /// <summary>Per holder: shares outstanding under instruments over common with no expiry date (none zero).</summary>
    public IReadOnlyDictionary<string, long> Undated => _undated;

    /// <summary>The other instruments with shares outstanding, by id.</summary>
    public IReadOnlyDictionary<string, Instrument> Listed => _listed;

    public static InstrumentSums Of(string common, IEnumerable<Instrument> instruments)
    {
        var s = new InstrumentSums(common, new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        foreach (var i in instruments) s.Add(i, +1);
        return s;
    }

    /// <summary>From the figures as stored (a snapshot section).</summary>
    public static InstrumentSums From(string common, IEnumerable<KeyValuePair<string, long>> undated, IEnumerable<Instrument> listed)
    {
        var s = new InstrumentSums(common, new(undated, StringComparer.Ordinal), new(StringComparer.Ordinal));
        foreach (var i in listed) s.Add(i, +1);
        return s;
    }

    /// <summary>These figures after each change: <c>Before</c> (null: a new id) became <c>After</c>.</summary>
    public InstrumentSums With(IEnumerable<(Instrument? Before, Instrument After)> changes)
    {
        var s = new InstrumentSums(Common, new(_undated, StringComparer.Ordinal), new(_listed, StringComparer.Ordinal));
        foreach (var (before, after) in changes)
        {
            if (before is not null) s.Add(before, -1);
            s.Add(after, +1);
        }

        return s;
    }

    private void Add(Instrument i, int sign)
    {
        if (i.Outstanding <= 0) return;
        if (i.Expires is not null || i.Underlying != Common)
        {
            if (sign > 0) _listed[i.GrantId] = i;
            else _listed.Remove(i.GrantId);
            return;
        }

        var n = _undated.GetValueOrDefault(i.Holder) + sign * i.Outstanding;
        if (n == 0) _undated.Remove(i.Holder);
        else _undated[i.Holder] = n;
    }
}
