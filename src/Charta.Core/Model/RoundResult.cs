using Charta.Core.Charter;
using Charta.Core.Covenants;
using Charta.Core.Ledger;

namespace Charta.Core.Model;

/// <summary>A modelled round: every figure read from the fold of the base ledger and the round's events on the amended charter.</summary>
public sealed record RoundResult
{
    public string? Name { get; init; }
    public required string Company { get; init; }
    public required DateOnly Closing { get; init; }
    /// <summary>The anti-dilution reading used (<see cref="AntiDilutionReading"/>), or "readings-agree".</summary>
    public required string Reading { get; init; }
    public required decimal PricePerShare { get; init; }
    /// <summary>Price × the pre-money share count (equal to the stated pre-money up to the rounding of the price).</summary>
    public required decimal PreMoney { get; init; }
    /// <summary>Price × the post-money fully diluted count.</summary>
    public required decimal PostMoney { get; init; }
    public required string PreMoneySharesDefinition { get; init; }
    public required long PreMoneyShares { get; init; }
    public required long FullyDilutedBefore { get; init; }
    public required long FullyDilutedAfter { get; init; }
    public required NewSeriesResult NewSeries { get; init; }
    public required PoolResult Pool { get; init; }
    public required IReadOnlyList<ConvertibleResult> Convertibles { get; init; }
    public TenderResult? Tender { get; init; }
    public required IReadOnlyList<ConversionPriceResult> ConversionPrices { get; init; }
    public required IReadOnlyList<ConsentResult> Consents { get; init; }
    /// <summary>The holders the scenario names as consenting (with all their shares): recorded with the amendment, so the fold checks the consent too.</summary>
    public IReadOnlyList<string> Consenting { get; init; } = [];
    public required AuthorizedResult Authorized { get; init; }
    public required ReservationResult Reservation { get; init; }
    /// <summary>Ownership by holder before and after, computed on first read (a sensitivity grid's cells never read it).</summary>
    public required Lazy<IReadOnlyList<OwnershipRow>> OwnershipBeforeTable { get; init; }
    public required Lazy<IReadOnlyList<OwnershipRow>> OwnershipTable { get; init; }
    public IReadOnlyList<OwnershipRow> OwnershipBefore => OwnershipBeforeTable.Value;
    public IReadOnlyList<OwnershipRow> Ownership => OwnershipTable.Value;
    public required IReadOnlyList<WaterfallAtExit> Waterfall { get; init; }
    public required IReadOnlyList<InvestorReturn> Returns { get; init; }
    public required SolverReport Solver { get; init; }
    /// <summary>The events the round would record, dated on the closing, in fold order.</summary>
    public required IReadOnlyList<LedgerEvent> Events { get; init; }
    public required CharterDocument AmendedCharter { get; init; }
    /// <summary>The cap table after the round (the fold of the base ledger and <see cref="Events"/> on the amended charter).</summary>
    public required CapTable After { get; init; }
    public required CapTable Before { get; init; }
}

public sealed record NewSeriesResult(string Id, string Name, decimal OriginalIssuePrice, decimal Multiple, int Seniority, string Participation,
    decimal DividendRate, long Shares, long InvestorShares, long ConversionShares, decimal CashRaised, IReadOnlyList<InvestorAllocation> Investors);

public sealed record InvestorAllocation(string Holder, decimal Committed, long Shares, decimal Paid);

public sealed record PoolResult(long Before, long TopUp, long After, decimal? TargetPercent, string? Timing, bool Clamped, decimal? PercentAfter);

public sealed record ConvertibleResult(string Id, string Holder, string Kind, decimal Principal, decimal Interest, decimal Converting,
    long Shares, decimal Price, string Branch, decimal? CapPrice, decimal? DiscountPrice, string? CapSharesDefinition, long? CapShares, bool Mfn);

public sealed record TenderResult(string Buyer, string Security, long Shares, decimal Price, decimal Amount, IReadOnlyList<TenderSale> Sellers);

public sealed record TenderSale(string Holder, long Shares, decimal Proceeds);

public sealed record AdjustmentFigures(string Clause, string Reason, decimal From, decimal To, decimal? A, decimal? B, decimal? C, decimal? Unrounded);

public sealed record ConversionPriceResult(string Id, decimal Before, decimal After, IReadOnlyList<AdjustmentFigures> Adjustments);

public sealed record ConsentResult(string Action, string Clause, string Body, string? Threshold, string? Base, long? Whole, long? Needed, long? Consenting, bool? Met, bool Applies, string? Note);

public sealed record AuthorizedFigure(string Class, long Before, long Required, long Amended, string Clause);

public sealed record AuthorizedResult(IReadOnlyList<AuthorizedFigure> Classes, string NewSeriesFixedShares);

public sealed record ReservationResult(long CommonAuthorized, long CommonOutstanding, long ReservedForConversionAndExercise, long UnissuedPool, long Headroom, string Clause);

/// <summary>A holder's fully diluted position: common, preferred as converted and instruments, with shares held per class.</summary>
public sealed record OwnershipRow(string Holder, IReadOnlyDictionary<string, long> ByClass, long Instruments, long Shares, decimal Percent);

public sealed record WaterfallClass(string Id, string Decision, long Shares, long AsConverted, decimal Total, decimal Exact);

public sealed record WaterfallAtExit(decimal Exit, decimal CommonPricePerShare, IReadOnlyList<WaterfallClass> Classes, IReadOnlyDictionary<string, decimal> Holders);

/// <summary>At one exit: the proceeds of the new-series shares the holder takes in the round (their part of the class, exact), the multiple and IRR on them, and everything the holder receives.</summary>
public sealed record ExitReturn(decimal Exit, decimal Proceeds, decimal? Multiple, decimal? Irr, decimal HolderTotal);

public sealed record InvestorReturn(string Holder, decimal Invested, IReadOnlyList<ExitReturn> Exits);

/// <summary>How the fixed point was found: iterations of the share-count map and folds of the ledger.</summary>
public sealed record SolverReport(int Iterations, int Folds, bool Converged, IReadOnlyList<string> Checks);
