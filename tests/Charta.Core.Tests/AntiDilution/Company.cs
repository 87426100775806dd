using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Tests.AntiDilution;

/// <summary>
/// A small Juniper company whose numbers are easy to work by hand. Immediately after the D1 closing on the Original
/// Issue Date (2000-03-01) the fully diluted common (A of FOURTH §6(d)(iv)) is exactly 10,000,000:
/// <code>
///   common (founders)                      2,707,000
///   1,100,000 A × 1.00 / 0.44  =           2,500,000
///   1,070,000 B × 2.40 / 1.07  =           2,400,000
///     397,000 C × 8.93 / 3.97  =             893,000
///     500,000 D × 11.03 / 11.03 =            500,000
///   1,000,000 D1 × 11.03 / 11.03 =         1,000,000
///                                         ----------
///                                         10,000,000
/// </code>
/// </summary>
internal sealed class Company
{
    public static readonly DateOnly Oid = new(2000, 3, 1);
    private static readonly string CharterJson = CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId);
    private readonly List<LedgerEvent> _events = [];

    /// <summary>A company with no events (a test adds its own company-created).</summary>
    public static Company Empty() => new();

    public static Company Juniper()
    {
        var c = new Company();
        var d0 = new DateOnly(2000, 1, 1);
        c.Add(new CompanyCreated(d0, CharterLoader.DefaultCharterId, CharterJson, d0));
        foreach (var h in new[] { "Founders", "A holders", "B holders", "C holders", "D holders", "D1 holders", "Newco", "Optionee" })
            c.Add(new StakeholderAdded(d0, h));
        c.Add(new SharesIssued(new DateOnly(2000, 1, 2), "Founders", "common", 2_707_000, 0.01m));
        c.Add(new SharesIssued(new DateOnly(2000, 1, 3), "A holders", "A", 1_100_000, 1.00m));
        c.Add(new SharesIssued(new DateOnly(2000, 1, 3), "B holders", "B", 1_070_000, 2.40m));
        c.Add(new SharesIssued(new DateOnly(2000, 1, 3), "C holders", "C", 397_000, 8.93m));
        c.Add(new SharesIssued(new DateOnly(2000, 1, 3), "D holders", "D", 500_000, 11.03m));
        c.Add(new SharesIssued(Oid, "D1 holders", "D1", 1_000_000, 11.03m));
        return c;
    }

    public Company Add(LedgerEvent e)
    {
        _events.Add(e);
        return this;
    }

    public CapTable Table() => Fold.Replay(Recorded());

    public Result<CapTable> TryTable() => Fold.TryReplay(Recorded());

    public IEnumerable<RecordedEvent> Recorded() => _events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e));

    public int Count => _events.Count;
}
