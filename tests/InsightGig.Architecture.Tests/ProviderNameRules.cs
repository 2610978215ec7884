using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;

namespace InsightGig.Architecture.Tests;

/// <summary>
/// "Domain, Application and the web pages never name a concrete provider": no type, member, parameter or string literal
/// there says Zoom, Google, Microsoft, Teams or Outlook. Names live in the provider units (Infrastructure/Providers/&lt;Name&gt;)
/// and reach the rest as data (descriptors). Literals are read from the IL (every <c>ldstr</c>), so a Razor view's markup
/// counts too: Razor compiles it into <c>WriteLiteral("…")</c> calls.
/// </summary>
internal static partial class ProviderNameRules
{
    /// <summary>A provider's name as a word of its own; the framework's own namespaces (Microsoft.AspNetCore…) are not a provider.</summary>
    [GeneratedRegex(@"(?<![A-Za-z])(Zoom|Google|Microsoft(?![._](AspNetCore|Extensions|EntityFrameworkCore|CodeAnalysis))|Teams|Outlook)(?![a-z])")]
    private static partial Regex ProviderName();

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <param name="inScope">Which of the assembly's types the rule judges (by namespace).</param>
    public static RuleOutcome NameNoProvider(Assembly assembly, Func<Type, bool> inScope)
    {
        var types = assembly.GetTypes().Where(inScope).ToList();
        var offenders = new List<string>();
        foreach (var type in types)
        {
            if (type.FullName is { } typeName && ProviderName().IsMatch(type.Name))
            {
                offenders.Add(typeName);
            }

            const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(Declared))
            {
                if (ProviderName().IsMatch(member.Name))
                {
                    offenders.Add($"{type.FullName}.{member.Name}");
                }

                if (member is MethodBase method)
                {
                    offenders.AddRange(method.GetParameters().Where(p => p.Name is { } n && ProviderName().IsMatch(n)).Select(p => $"{type.FullName}.{method.Name}({p.Name})"));
                    offenders.AddRange(StringLiterals(method).Where(s => ProviderName().IsMatch(s)).Select(s => $"{type.FullName}.{method.Name}: \"{Shorten(s)}\""));
                }
            }
        }

        return new RuleOutcome(offenders.Count == 0, offenders.Distinct().ToList(), types.Count);
    }

    /// <summary>The strings a method loads (<c>ldstr</c>), found by walking its IL opcode by opcode.</summary>
    public static IEnumerable<string> StringLiterals(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (BadImageFormatException)
        {
            yield break;
        }

        if (il is null)
        {
            yield break;
        }

        var at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            if (opCode.OperandType == OperandType.InlineString)
            {
                yield return method.Module.ResolveString(BitConverter.ToInt32(il, at));
            }

            at += opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                _ => 4,
            };
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
