"""Parse: text into data, keeping the line of every value (YAML, front matter), with YAML's mistakes in plain words."""
