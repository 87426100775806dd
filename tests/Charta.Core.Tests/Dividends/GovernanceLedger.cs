using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Tests.Governance;

/// <summary>
/// A small in-memory ledger on the Juniper charter for the governance tests. Preferred is issued at its Original Issue
/// Price and common at $20.00 (above every conversion price), so no anti-dilution rule can move a conversion price.
/// </summary>
internal sealed class GovernanceLedger
{
    public static readonly DateOnly Start = new(1999, 1, 4);
    private readonly List<LedgerEvent> _events = [];
    private readonly HashSet<string> _holders = new(StringComparer.Ordinal);
    private readonly CharterDocument _charter;

    public GovernanceLedger() : this(CharterLoader.DefaultCharterId)
    {
    }

    /// <summary>The same ledger on another embedded charter.</summary>
    public GovernanceLedger(string charterId)
    {
        _charter = CharterLoader.LoadEmbedded(charterId);
        _events.Add(new CompanyCreated(Start, charterId, CharterLoader.EmbeddedText(charterId), null));
    }

    /// <summary>The same ledger on a charter given as JSON (a variant of an embedded one).</summary>
    public GovernanceLedger(string charterId, string charterJson)
    {
        _charter = CharterLoader.Load(charterJson, charterId).Value;
        _events.Add(new CompanyCreated(Start, charterId, charterJson, null));
    }

    public GovernanceLedger Holder(string name)
    {
        if (_holders.Add(name)) _events.Add(new StakeholderAdded(Start, name));
        return this;
    }

    public GovernanceLedger Issue(string holder, string security, long shares, DateOnly? date = null)
    {
        Holder(holder);
        var price = _charter.FindSeries(security)?.OriginalIssuePrice.Value ?? 20m;
        _events.Add(new SharesIssued(date ?? Start, holder, security, shares, price));
        return this;
    }

    public GovernanceLedger Add(LedgerEvent e)
    {
        _events.Add(e);
        return this;
    }

    public IReadOnlyList<RecordedEvent> Recorded() =>
        _events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToList();

    public CapTable Table(DateOnly? asOf = null) => Fold.Replay(Recorded(), asOf);

    public Result<CapTable> TryTable(DateOnly? asOf = null) => Fold.TryReplay(Recorded(), asOf);
}
