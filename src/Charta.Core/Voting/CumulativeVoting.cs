using System.Globalization;
using Charta.Core.Charter;

namespace Charta.Core.Voting;

/// <summary>A holder's cumulative votes for one candidate.</summary>
public sealed record ElectionBallot(string Holder, string Candidate, long Votes);

public sealed record CandidateResult(string Candidate, long Votes, string Outcome)
{
    public const string Elected = "elected";
    public const string Tied = "tied";
    public const string NotElected = "not-elected";
}

/// <param name="TiedForSeats">Seats that the candidates tied at the cut-off compete for (0 when there is no tie).</param>
public sealed record ElectionResult(int Seats, DateOnly? RecordDate, IReadOnlyList<CandidateResult> Candidates, int TiedForSeats, int Vacant, string Clause);

/// <summary>
/// Article SEVENTH: "each holder… shall be entitled to as many votes as shall equal the number of votes which such
/// stockholder would be entitled to cast for the election of directors with respect to his or her shares…
/// multiplied by the number of directors to be elected, and may cast all of such votes for [a single candidate], or
/// for any two or more of them as such stockholder may see fit." A holder's votes per director are the §7(a) votes.
/// </summary>
public static class CumulativeVoting
{
    /// <summary>What a result cites when no charter clause is given (the calculator on bare numbers).</summary>
    public const string Uncited = "cumulative voting (no charter clause given)";

    /// <summary>
    /// The charter's cumulative-voting clause (directors.cumulativeVoting true); a charter without cumulative voting for
    /// directors is refused: an election by cumulative voting is not held under it.
    /// </summary>
    public static Result<string> ClauseOf(Charter.CharterDocument charter) =>
        charter.Directors is { CumulativeVoting: true } d ? d.Clause
        : new Refusal("charter", charter.Id, "provides no cumulative voting for directors (directors.cumulativeVoting)");

    /// <summary>
    /// Whether a bloc of <paramref name="bloc"/> votes out of <paramref name="total"/> elects at least
    /// <paramref name="want"/> of <paramref name="seats"/> directors whatever the other holders do.
    /// </summary>
    /// <remarks>
    /// Derivation. The bloc has X·D votes and the others (S − X)·D. The bloc runs exactly N candidates and spreads its
    /// votes as evenly as whole votes allow, so its weakest candidate has m = ⌊X·D / N⌋ (no spread does better: the
    /// weakest of N candidates never exceeds the average). Votes the others give the bloc's candidates only help them,
    /// so the others' best attack is to push the bloc's weakest candidate out of the top D: that needs D − N + 1 of
    /// their own candidates each with at least m votes (a tie at the cut-off is not a guaranteed seat), which they can
    /// do exactly when (S − X)·D ≥ (D − N + 1)·m. So N seats are guaranteed iff (S − X)·D &lt; (D − N + 1)·⌊X·D / N⌋.
    /// Ignoring whole votes this is X &gt; S·N / (D + 1), the textbook ⌊S·N / (D + 1)⌋ + 1; the floor can only raise it.
    /// The condition is monotone in X (the left side falls, the right rises), so the least X is found by bisection.
    /// </remarks>
    public static bool Guarantees(long total, long bloc, int seats, int want)
    {
        if (want <= 0) return true;
        if (want > seats || bloc <= 0 || bloc > total) return want <= 0;
        Int128 d = seats, n = want;
        var weakest = (Int128)bloc * d / n;
        return (Int128)(total - bloc) * d < (d - n + 1) * weakest;
    }

    /// <summary>The least number of votes (shares) that guarantees <paramref name="want"/> of <paramref name="seats"/> directors.</summary>
    public static Result<long> MinimumToGuarantee(long total, int seats, int want, string? clause = null)
    {
        if (seats <= 0) return new Refusal("--seats", seats.ToString(CultureInfo.InvariantCulture), "at least one director must be up for election", Of(clause));
        if (want <= 0 || want > seats)
            return new Refusal("--want", want.ToString(CultureInfo.InvariantCulture), $"must be between 1 and the {seats} seats to be filled", Of(clause));
        if (total <= 0) return new Refusal("--shares", total.ToString(CultureInfo.InvariantCulture), "must be a positive number of voting shares", Of(clause));
        long lo = 1, hi = total; // Guarantees(total, total, …) holds for want ≤ seats
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (Guarantees(total, mid, seats, want)) hi = mid;
            else lo = mid + 1;
        }

        return lo;
    }

    /// <summary>How many of <paramref name="seats"/> directors a bloc of <paramref name="bloc"/> votes out of <paramref name="total"/> is sure to elect.</summary>
    public static Result<int> SeatsGuaranteed(long total, long bloc, int seats, string? clause = null)
    {
        if (seats <= 0) return new Refusal("--seats", seats.ToString(CultureInfo.InvariantCulture), "at least one director must be up for election", Of(clause));
        if (bloc <= 0 || bloc > total)
            return new Refusal("--bloc", bloc.ToString(CultureInfo.InvariantCulture), $"must be between 1 and the {total.ToString("N0", CultureInfo.InvariantCulture)} voting shares", Of(clause));
        var n = 0;
        while (n < seats && Guarantees(total, bloc, seats, n + 1)) n++;
        return n;
    }

    /// <summary>
    /// Counts cumulative ballots: no holder may cast more than votes × seats; the top <paramref name="seats"/> are
    /// elected; candidates tied at the cut-off are reported as tied, not ranked arbitrarily.
    /// </summary>
    public static Result<ElectionResult> Elect(VoteCount votes, int seats, IReadOnlyList<ElectionBallot> ballots, string? clause = null)
    {
        if (seats <= 0) return new Refusal("--seats", seats.ToString(CultureInfo.InvariantCulture), "at least one director must be up for election", Of(clause));
        var cast = new Dictionary<string, long>(StringComparer.Ordinal);
        var byCandidate = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var b in ballots)
        {
            if (string.IsNullOrWhiteSpace(b.Candidate)) return new Refusal("ballots", b.Holder, "names no candidate", Of(clause));
            if (b.Votes < 0) return new Refusal("ballots", $"{b.Holder} → {b.Candidate}", "cannot cast a negative number of votes", Of(clause));
            var h = votes.Find(b.Holder);
            if (h is null) return new Refusal("ballots", b.Holder, "holds no voting shares at the record date", Of(clause));
            var sum = checked(cast.GetValueOrDefault(b.Holder) + b.Votes);
            var allowed = checked(h.Total * seats);
            if (sum > allowed)
                return new Refusal("ballots", b.Holder,
                    $"casts {N(sum)} votes but may cast only {N(allowed)} ({N(h.Total)} votes × {seats} directors)", Of(clause));
            cast[b.Holder] = sum;
            byCandidate[b.Candidate] = byCandidate.GetValueOrDefault(b.Candidate) + b.Votes;
        }

        var ranked = byCandidate.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var results = new List<CandidateResult>(ranked.Count);
        var tiedSeats = 0;
        if (ranked.Count <= seats)
        {
            results.AddRange(ranked.Select(kv => new CandidateResult(kv.Key, kv.Value, CandidateResult.Elected)));
        }
        else
        {
            var cutoff = ranked[seats - 1].Value;
            var above = ranked.Count(kv => kv.Value > cutoff);
            var atCutoff = ranked.Count(kv => kv.Value == cutoff);
            var tie = above + atCutoff > seats;
            if (tie) tiedSeats = seats - above;
            foreach (var kv in ranked)
            {
                var outcome = kv.Value > cutoff ? CandidateResult.Elected
                    : kv.Value == cutoff ? (tie ? CandidateResult.Tied : CandidateResult.Elected)
                    : CandidateResult.NotElected;
                results.Add(new CandidateResult(kv.Key, kv.Value, outcome));
            }
        }

        var vacant = Math.Max(0, seats - ranked.Count);
        return new ElectionResult(seats, votes.RecordDate, results, tiedSeats, vacant, clause ?? Uncited);
    }

    private static Clause? Of(string? clause) => clause is null ? null : Charter.Clause.Of(clause);

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
