"""Rich renderables for each command. Only this package knows Rich layout."""
