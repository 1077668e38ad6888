"""Instagram Platform API with Instagram Login (or Facebook Login for hashtag search): container
publishing of images, carousels, Reels and Stories; insights; comments; webhooks."""
