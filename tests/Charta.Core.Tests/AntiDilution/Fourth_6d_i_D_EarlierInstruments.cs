using Charta.Core.Ledger;

namespace Charta.Core.Tests.AntiDilution;

/// <summary>
/// FOURTH §6(d)(i)(D): "Additional Shares of Common Stock" are all common issued after the Original Issue Date other
/// than the listed exclusions. An option granted on or before that date (2000-03-01) and exercised after it issues common
/// that no exclusion covers: by the literal text (the default) the exercise is an issue tested at its exercise price;
/// charter antiDilution.earlierInstruments = "excluded" keeps the earlier reading (no adjustment).
/// Option OPT-0: 1,000,000 common at $0.10, granted 2000-02-01; at the exercise A = 10,000,000 + 1,000,000 = 11,000,000.
/// </summary>
public class Fourth_6d_i_D_EarlierInstruments
{
    private static readonly DateOnly Granted = new(2000, 2, 1);

    private static Company WithOption(string? exclusion = null, string? approval = null) =>
        Company.Juniper().Add(new InstrumentGranted(Granted, "OPT-0", "Optionee", "option", "common", 1_000_000, 0.10m, null, 0m, exclusion, approval));

    private static Company Excluded()
    {
        var c = Company.Empty();
        var charter = Charta.Core.Charter.CharterLoader.Default;
        var json = Charta.Core.Charter.CharterLoader.ToJson(charter with { AntiDilution = charter.AntiDilution! with { EarlierInstruments = "excluded" } });
        var j = Company.Juniper().Recorded().Select(r => r.Event).ToList();
        c.Add(((CompanyCreated)j[0]) with { CharterJson = json });
        foreach (var e in j.Skip(1)) c.Add(e);
        return c.Add(new InstrumentGranted(Granted, "OPT-0", "Optionee", "option", "common", 1_000_000, 0.10m));
    }

    [Fact]
    public void Fourth_6d_i_D_Literal_AnExerciseAfterTheDate_IsAnIssueOfAdditionalShares()
    {
        // A: (0.44 × 11,000,000 + 100,000) / 12,000,000 = 4,940,000 / 12,000,000 = 0.41166… → 0.41.
        // B: (1.07 × 11,000,000 + 100,000) / 12,000,000 = 11,870,000 / 12,000,000 = 0.98916… → 0.99.
        var t = WithOption().Add(new InstrumentExercised(new DateOnly(2000, 4, 1), "OPT-0", 1_000_000)).Table();
        Assert.Equal(0.41m, t.ConversionPrice("A"));
        Assert.Equal(0.99m, t.ConversionPrice("B"));
        var change = t.ConversionPriceHistory.First(h => h.Series == "A");
        Assert.Equal("FOURTH §6(d)(iv)", change.Clause);
        Assert.Equal(11_000_000m, change.Inputs!.A);
    }

    [Fact]
    public void Fourth_6d_i_D_Excluded_TheEarlierReading_NoAdjustment()
    {
        var t = Excluded().Add(new InstrumentExercised(new DateOnly(2000, 4, 1), "OPT-0", 1_000_000)).Table();
        Assert.Equal(0.44m, t.ConversionPrice("A"));
        Assert.Empty(t.ConversionPriceHistory);
    }

    [Fact]
    public void Fourth_6d_i_D_AnExerciseOnTheDateItself_IsNotAfterIt()
    {
        var t = WithOption().Add(new InstrumentExercised(Company.Oid, "OPT-0", 1_000_000)).Table();
        Assert.Equal(0.44m, t.ConversionPrice("A"));
    }

    [Fact]
    public void Fourth_6d_i_D_2_AnOptionUnderTheBoardApprovedPlan_StaysExcluded()
    {
        var t = WithOption("employee-plan", "Board resolution 2000-01-20").Add(new InstrumentExercised(new DateOnly(2000, 4, 1), "OPT-0", 1_000_000)).Table();
        Assert.Equal(0.44m, t.ConversionPrice("A"));
    }
}
