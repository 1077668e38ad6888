"""LinkedIn (Share on LinkedIn): 3-legged OAuth, versioned /rest Posts API, image/video/document uploads,
comments through socialActions, optional member post analytics."""
