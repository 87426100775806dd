using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Tests.Ledger;

/// <summary>A ledger under construction in a test: events get sequence numbers in the order they are added.</summary>
public sealed class TestLedger
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    public List<RecordedEvent> Events { get; } = [];

    public static TestLedger Juniper(DateOnly? incorporated = null, params string[] holders) =>
        Embedded(CharterLoader.DefaultCharterId, incorporated, holders);

    /// <summary>A ledger on the embedded charter <paramref name="charterId"/>.</summary>
    public static TestLedger Embedded(string charterId, DateOnly? incorporated = null, params string[] holders)
    {
        var l = new TestLedger();
        var day = incorporated ?? new DateOnly(1996, 2, 6);
        l.Add(new CompanyCreated(day, charterId, CharterLoader.EmbeddedText(charterId), incorporated));
        foreach (var h in holders) l.Add(new StakeholderAdded(day, h));
        return l;
    }

    public TestLedger Add(LedgerEvent e)
    {
        Events.Add(new RecordedEvent(Events.Count + 1, At, e));
        return this;
    }

    /// <summary>Appends if the fold accepts the event (with what the decision records beside it); returns the refusal otherwise (and keeps the ledger as it was).</summary>
    public Refusal? TryAdd(LedgerEvent e)
    {
        // As the store does: every event the decision records (the expiries of lapsed instruments with it).
        var r = Fold.TryDecide(Events, [new RecordedEvent(Events.Count + 1, At, e)]);
        if (!r.IsOk) return r.Refusal;
        Events.AddRange(r.Value.Recorded);
        return null;
    }

    public TestLedger Ok(LedgerEvent e)
    {
        var refusal = TryAdd(e);
        Assert.True(refusal is null, $"refused: {refusal}");
        return this;
    }

    public CapTable Table(DateOnly? asOf = null) => Fold.Replay(Events, asOf);

    public static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
}
