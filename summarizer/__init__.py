"""summarizer: news articles in any language -> a cited English analyst briefing."""
