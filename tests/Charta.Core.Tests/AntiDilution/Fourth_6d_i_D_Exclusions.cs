using Charta.Core.Ledger;

namespace Charta.Core.Tests.AntiDilution;

public class Fourth_6d_i_D_Exclusions
{
    private static readonly DateOnly June = new(2000, 6, 1);

    [Theory]
    [InlineData("conversion", null)]                         // (1)
    [InlineData("employee-plan", "Board resolution 2000-05-01")] // (2)
    [InlineData("preferred-distribution", null)]             // (3)
    [InlineData("excluded-share-dividend", null)]            // (4)
    [InlineData("equipment-lease", "Board resolution 2000-05-02")] // (5)
    public void AnExcludedIssueAtAPenny_AdjustsNothing(string exclusion, string? approval)
    {
        var t = Company.Juniper().Add(new SharesIssued(June, "Newco", "common", 500_000, 0.01m, "cash", exclusion, approval)).Table();
        Assert.Empty(t.ConversionPriceHistory);
        // Without the exclusion the same issue adjusts D: (110,300,000 + 5,000) / 10,500,000 = 10.5052… → 10.51
        Assert.Equal(10.51m, Company.Juniper().Add(new SharesIssued(June, "Newco", "common", 500_000, 0.01m)).Table().ConversionPrice("D"));
    }

    [Theory]
    [InlineData("employee-plan", "FOURTH §6(d)(i)(D)(2)")]
    [InlineData("equipment-lease", "FOURTH §6(d)(i)(D)(5)")]
    public void ABoardExclusionWithoutItsApproval_IsRefused(string exclusion, string clause)
    {
        var r = Company.Juniper().Add(new SharesIssued(June, "Newco", "common", 500_000, 0.01m, "cash", exclusion)).TryTable();
        Assert.False(r.IsOk);
        Assert.Equal("approval", r.Refusal!.Field);
        Assert.Equal(clause, r.Refusal.Clause?.Citation);
    }

    [Fact]
    public void AnExcludedOptionGrant_AdjustsNothing()
    {
        var t = Company.Juniper().Add(new InstrumentGranted(June, "ESOP-1", "Optionee", "option", "common", 1_000_000, 0.01m, new DateOnly(2010, 6, 1),
            0m, "employee-plan", "Board-approved 2000 Plan")).Table();
        Assert.Empty(t.ConversionPriceHistory);
    }

    [Fact]
    public void ASplit_IsAdjustedUnder6e_NotAsAnIssue()
    {
        // (D)(3): a 2:1 split halves every price (§6(e)(i)) and is not an issue of Additional Shares at $0.
        var t = Company.Juniper().Add(new StockSplit(June, 2, 1)).Table();
        Assert.Equal(5.515m, t.ConversionPrice("D"));
        Assert.All(t.ConversionPriceHistory, h => Assert.Equal("FOURTH §6(e)(i)", h.Clause));
    }
}
