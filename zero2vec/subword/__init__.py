"""fastText's subword model: character n-grams, their vectors, the ``.bin`` format."""
