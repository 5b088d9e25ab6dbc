"""The wizard's pages: one module per view of ``app.core.wizard.flow``."""
