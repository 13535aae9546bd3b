using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Scheduler.Runtime.Hosting;

/// <summary>Validation whose message is the problem found, not one fixed sentence covering every case.</summary>
public static class OptionsProblems
{
    /// <summary>Fails start-up with what <paramref name="problem"/> returns for the bound options; null passes.</summary>
    public static OptionsBuilder<TOptions> ValidateProblem<TOptions>(this OptionsBuilder<TOptions> builder, Func<TOptions, string?> problem)
        where TOptions : class
    {
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new Validator<TOptions>(builder.Name, problem));
        return builder;
    }

    private sealed class Validator<TOptions>(string? name, Func<TOptions, string?> problem) : IValidateOptions<TOptions> where TOptions : class
    {
        public ValidateOptionsResult Validate(string? optionsName, TOptions options) =>
            name is not null && optionsName != name ? ValidateOptionsResult.Skip
            : problem(options) is { } found ? ValidateOptionsResult.Fail(found) : ValidateOptionsResult.Success;
    }
}
