using Charta.Core.Charter;

namespace Charta.Core;

/// <summary>
/// An expected failure: bad input or a command the charter forbids. It names the field, the offending value and,
/// where one applies, the clause. The CLI prints it as one line on stderr and exits 2.
/// </summary>
public sealed record Refusal(string Field, string Value, string Reason, Clause? Clause = null)
{
    public override string ToString() =>
        Clause is { } c ? $"{Field} = {Value}: {Reason} ({c})" : $"{Field} = {Value}: {Reason}";
}

/// <summary>A value or a refusal.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Refusal? refusal)
    {
        _value = value;
        Refusal = refusal;
    }

    public Refusal? Refusal { get; }

    public bool IsOk => Refusal is null;

    public T Value => IsOk ? _value! : throw new InvalidOperationException($"No value: {Refusal}");

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(Refusal refusal) => new(default, refusal);

    public static implicit operator Result<T>(Refusal refusal) => Fail(refusal);

    public static implicit operator Result<T>(T value) => Ok(value);

    public Result<TOut> Map<TOut>(Func<T, TOut> f) => IsOk ? Result<TOut>.Ok(f(_value!)) : Result<TOut>.Fail(Refusal!);

    public Result<TOut> Bind<TOut>(Func<T, Result<TOut>> f) => IsOk ? f(_value!) : Result<TOut>.Fail(Refusal!);
}

public static class Result
{
    public static Result<T> Ok<T>(T value) => Result<T>.Ok(value);
}
