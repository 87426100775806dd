using Charta.Core.Liquidation;
using Charta.Core.Tests.Liquidation;
using Charta.Core.Valuation;

namespace Charta.Core.Tests.Valuation;

internal static class ValuationFixtures
{
    /// <summary>
    /// The hand-worked cap table: 40 shares of common, and 40 shares of a 1× non-participating series with a $1.00
    /// preference that converts one for one. Breakpoints: $40 (the preference is paid), $80 (the common price reaches
    /// $1.00 and the series converts). Tranches: [0, 40) all to the series; [40, 80) all to common; [80, ∞) half each.
    /// </summary>
    public static LiquidationModel TwoClass() => new("Hand", "common", 40,
        [new SeriesClaim("A", 0, 40, 40, 1m, 1m, 0m, 40m, 40m, 1, ParticipationKind.None, 40m, "FOURTH §4(a)")],
        [], [new Holding("Founder", "common", 40, 40), new Holding("Investor", "A", 40, 40)], "original-issue-price-times-shares", null);

    /// <summary>The Juniper charter, every series at its fixed size, 20,000,000 founders' common and two option grants.</summary>
    public static LiquidationModel Juniper() => new LiquidationFixtures.Builder()
        .AllPreferred()
        .Issue("Founders", "common", 20_000_000)
        .Option("Staff", 1_000_000, 5.00m)
        .Option("Advisers", 250_000, 12.50m)
        .Model();

    public static OpmTable Table(LiquidationModel m) => OpmTable.Build(PayoutCurve.Build(m));

    public static T Ok<T>(this Result<T> r)
    {
        Assert.True(r.IsOk, r.Refusal?.ToString());
        return r.Value;
    }
}
