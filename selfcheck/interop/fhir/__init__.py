"""FHIR R4: the Questionnaire export, its FHIRPath expressions, and importing responses."""
