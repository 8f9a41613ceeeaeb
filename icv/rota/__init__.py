"""The rota of unannounced visits."""
