namespace Charta.Core.Model;

// A proposed financing, as data. Property names are the JSON names (camelCase) of the scenario format, whose JSON
// Schema is Model/scenario.schema.json (`charta model schema`). Amounts are dollars, percentages are percent (20 = 20%).

/// <summary>A hypothetical priced round on the ledger: the new series, its investors, the convertibles, the pool and a tender.</summary>
public sealed record RoundScenario
{
    /// <summary>A label for side-by-side comparison.</summary>
    public string? Name { get; init; }
    /// <summary>The id of the new series the amendment creates (e.g. "E").</summary>
    public required string Series { get; init; }
    public string? SeriesName { get; init; }
    /// <summary>The closing date: the round's events are dated on it; interest accrues to it. Null: the base ledger's date.</summary>
    public DateOnly? Closing { get; init; }
    /// <summary>The pre-money valuation; exactly one of <see cref="PreMoney"/> and <see cref="Price"/>.</summary>
    public decimal? PreMoney { get; init; }
    /// <summary>The price per share of the new series.</summary>
    public decimal? Price { get; init; }
    /// <summary>The new money. Null: the sum of the investors' amounts. Given with investors, they must add up to it.</summary>
    public decimal? Raise { get; init; }
    public IReadOnlyList<Investment> Investors { get; init; } = [];
    /// <summary>A named definition of the pre-money share count (<see cref="ShareCount"/>).</summary>
    public string PreMoneyShares { get; init; } = ShareCount.Default;
    public PoolTerms? Pool { get; init; }
    public IReadOnlyList<NoteTerms> Notes { get; init; } = [];
    public IReadOnlyList<SafeTerms> Safes { get; init; } = [];
    public TenderTerms? Tender { get; init; }
    public SeriesTerms? Terms { get; init; }
    /// <summary>"preferred-stock" or "convertible-security" (docs/interpretations.md, Model); null: refuse when they differ.</summary>
    public string? AntiDilutionReading { get; init; }
    /// <summary>Holders who consent to the round (all their shares), checked against the charter's thresholds.</summary>
    public IReadOnlyList<string> Consenting { get; init; } = [];
}

/// <summary>One investor's commitment in the new series.</summary>
public sealed record Investment(string Holder, decimal Amount);

/// <summary>The option pool after the round: a target share of the post-money fully diluted count.</summary>
public sealed record PoolTerms
{
    /// <summary>Percent of the post-money fully diluted count the unissued pool must be after the round (e.g. 10).</summary>
    public required decimal TargetPercent { get; init; }
    /// <summary>"pre": the top-up is in the pre-money (dilutes only existing holders); "post": it dilutes everyone.</summary>
    public string Timing { get; init; } = "pre";
    /// <summary>The unissued pool before the round. Null: from the ledger's plan reserves (docs/interpretations.md, Model).</summary>
    public long? Available { get; init; }
    /// <summary>The plan whose reserve is topped up. Null: the only plan in the ledger, else "POOL".</summary>
    public string? Plan { get; init; }
}

/// <summary>A convertible note converting at the closing.</summary>
public sealed record NoteTerms
{
    public required string Holder { get; init; }
    public string? Id { get; init; }
    public required decimal Principal { get; init; }
    public required DateOnly Issued { get; init; }
    /// <summary>Annual interest rate in percent.</summary>
    public decimal RatePercent { get; init; }
    /// <summary>"simple" or "compound" (annual compounding).</summary>
    public string Interest { get; init; } = "simple";
    /// <summary>"actual/365" or "30/360".</summary>
    public string DayCount { get; init; } = "actual/365";
    public decimal? Cap { get; init; }
    /// <summary>Discount to the round price in percent (20 = the note converts at 80% of the price).</summary>
    public decimal? DiscountPercent { get; init; }
    /// <summary>The share count the cap is divided by (<see cref="ShareCount"/>); null: <see cref="ShareCount.CapDefault"/>.</summary>
    public string? CapShares { get; init; }
}

/// <summary>A SAFE converting at the closing.</summary>
public sealed record SafeTerms
{
    public required string Holder { get; init; }
    public string? Id { get; init; }
    public required decimal Amount { get; init; }
    /// <summary>"post-money" (YC: ownership = amount ÷ post-money cap) or "pre-money".</summary>
    public string Kind { get; init; } = "post-money";
    public decimal? Cap { get; init; }
    public decimal? DiscountPercent { get; init; }
    /// <summary>Most favoured nation: takes the best cap and discount of the other SAFEs converting in the round.</summary>
    public bool Mfn { get; init; }
    public string? CapShares { get; init; }
}

/// <summary>A secondary sale at or after the closing: no new shares.</summary>
public sealed record TenderTerms
{
    public required string Buyer { get; init; }
    public required decimal Amount { get; init; }
    /// <summary>The price per share; exactly one of Price and <see cref="PriceMultiple"/>.</summary>
    public decimal? Price { get; init; }
    /// <summary>The price as a multiple of the round price (1 = at the round price).</summary>
    public decimal? PriceMultiple { get; init; }
    public string Security { get; init; } = "common";
    /// <summary>The sellers. Without shares, the tender is split pro rata among them by their holdings of the security.</summary>
    public required IReadOnlyList<TenderSeller> Sellers { get; init; }
}

public sealed record TenderSeller(string Holder, long? Shares = null);

/// <summary>The new series' terms; each null defaults to the most senior existing series' terms.</summary>
public sealed record SeriesTerms
{
    public decimal? Multiple { get; init; }
    /// <summary>"parity" (same rank as the most senior series), "senior" (above it) or "junior" (below every series).</summary>
    public string? Seniority { get; init; }
    /// <summary>"none", "full" or "capped".</summary>
    public string? Participation { get; init; }
    public decimal? ParticipationCap { get; init; }
    /// <summary>The non-cumulative dividend rate per share. Null: the senior series' rate as the same fraction of its price.</summary>
    public decimal? DividendRate { get; init; }
}

/// <summary>
/// The named definitions of a share count before the round: fully diluted (common outstanding, preferred as converted,
/// every outstanding option, warrant and convertible over a fixed number of shares, and the unissued pool), with or
/// without the pool top-up and with or without the shares the converting notes and SAFEs receive.
/// </summary>
public static class ShareCount
{
    public const string FullyDiluted = "fully-diluted";
    public const string WithPool = "fully-diluted+pool";
    public const string WithConvertibles = "fully-diluted+convertibles";
    public const string WithPoolAndConvertibles = "fully-diluted+pool+convertibles";

    /// <summary>The default pre-money share count: the top-up and the converting securities are in the pre-money.</summary>
    public const string Default = WithPoolAndConvertibles;
    /// <summary>The default for a note's or a pre-money SAFE's cap: the pre-money capitalization with the top-up, without the converting securities.</summary>
    public const string CapDefault = WithPool;
    /// <summary>The default for a post-money SAFE's cap: the capitalization including every converting security (YC), without the top-up.</summary>
    public const string PostMoneySafeDefault = WithConvertibles;

    public static IReadOnlyList<string> All { get; } = [FullyDiluted, WithPool, WithConvertibles, WithPoolAndConvertibles];

    public static bool IncludesPool(string d) => d is WithPool or WithPoolAndConvertibles;
    public static bool IncludesConvertibles(string d) => d is WithConvertibles or WithPoolAndConvertibles;
}

/// <summary>The readings of whether the new series' issue adjusts the existing series (docs/interpretations.md, Model).</summary>
public static class AntiDilutionReading
{
    /// <summary>The amended charter's "Preferred Stock" includes the new series, which is therefore not a Convertible Security: no adjustment.</summary>
    public const string PreferredStock = "preferred-stock";
    /// <summary>The new series is a Convertible Security: its issue is a deemed issue of the common it converts into.</summary>
    public const string ConvertibleSecurity = "convertible-security";

    public static IReadOnlyList<string> All { get; } = [PreferredStock, ConvertibleSecurity];
}
