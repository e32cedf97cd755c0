using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Analysis;

/// <summary>A patient with every form loaded, and the code of its centre.</summary>
public sealed record AnalysisPatient(Patient Patient, string CentreCode);
