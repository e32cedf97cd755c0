using System.Runtime.CompilerServices;

// The Cox tests check the likelihood kernel (score and information at a given beta) directly
// against hand-derived fractions.
[assembly: InternalsVisibleTo("RlmsRegistry.Survival.Tests")]
