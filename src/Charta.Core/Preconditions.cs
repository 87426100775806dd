using System.Diagnostics.CodeAnalysis;

namespace Charta.Core;

/// <summary>
/// Caller bugs throw through this one helper; expected failures (bad user input, charter rules) are returned as
/// <see cref="Refusal"/> values instead.
/// </summary>
public static class Preconditions
{
    public static void NotBlank([NotNull] string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} must not be blank", name);
    }

    public static T NotNull<T>([NotNull] T? value, string name) where T : class =>
        value ?? throw new ArgumentNullException(name);

    public static void Positive(long value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive");
    }

    public static void NotNegative(decimal value, string name)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative");
    }

    public static void Check(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException(message);
    }
}
