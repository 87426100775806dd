using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;

namespace Charta.Core.Tests.Liquidation;

/// <summary>Cap tables on the embedded Juniper charter, built through the real ledger fold.</summary>
internal static class LiquidationFixtures
{
    public static readonly DateOnly Day = new(1999, 1, 1);

    /// <summary>Juniper's fixed preferred sizes (FOURTH §2).</summary>
    public static readonly (string Id, long Shares)[] FullPreferred =
        [("A", 1_743_751), ("B", 3_915_308), ("C", 5_200_000), ("D", 600_000), ("D1", 2_580_000)];

    public sealed class Builder
    {
        private readonly List<LedgerEvent> _events = [];
        private readonly HashSet<string> _holders = [];
        private int _grants;

        public Builder() : this(CharterLoader.DefaultCharterId)
        {
        }

        /// <summary>A company on the embedded charter <paramref name="charterId"/>.</summary>
        public Builder(string charterId)
        {
            Charter = CharterLoader.LoadEmbedded(charterId);
            _events.Add(new CompanyCreated(Day, charterId, CharterLoader.EmbeddedText(charterId), null));
        }

        public CharterDocument Charter { get; }

        private void Holder(string name)
        {
            if (_holders.Add(name)) _events.Add(new StakeholderAdded(Day, name));
        }

        public Builder Issue(string holder, string security, long shares)
        {
            Holder(holder);
            var price = Charter.FindSeries(security)?.OriginalIssuePrice.Value ?? 0.01m;
            _events.Add(new SharesIssued(Day, holder, security, shares, price));
            return this;
        }

        /// <summary>Every series at its fixed size, one investor per series ("Series X investors").</summary>
        public Builder AllPreferred()
        {
            foreach (var (id, n) in FullPreferred) Issue($"Series {id} investors", id, n);
            return this;
        }

        public Builder Option(string holder, long shares, decimal strike, string underlying = "common", DateOnly? expires = null)
        {
            Holder(holder);
            _events.Add(new InstrumentGranted(Day, $"G-{++_grants}", holder, underlying == "common" ? "option" : "warrant", underlying, shares, strike, expires));
            return this;
        }

        public CapTable Table(DateOnly? asOf = null) =>
            Fold.Replay(_events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)), asOf);

        public LiquidationModel Model() => LiquidationModel.From(Table());

        /// <summary>The model as of <paramref name="asOf"/>: a cumulative series' accrued dividends to that date in its preference.</summary>
        public LiquidationModel Model(DateOnly asOf) => LiquidationModel.From(Table(asOf));
    }

    /// <summary>
    /// The same cap table with declared and unpaid dividends per share (FOURTH §4(a)(ii)); the dividend capability
    /// will fill these from ledger events, here they are set directly.
    /// </summary>
    public static CapTable WithDeclaredDividends(CapTable t, IReadOnlyDictionary<string, decimal> perShare) => t.WithDeclaredUnpaid(perShare);

    public static ClassPayout Class(this WaterfallResult r, string id) => r.Classes.Single(c => c.Id == id);

    public static WaterfallResult Solve(this LiquidationModel m, decimal exit)
    {
        var r = Waterfall.Solve(m, exit);
        Assert.True(r.IsOk, r.Refusal?.ToString());
        return r.Value;
    }
}
