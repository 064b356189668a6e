"""Diabetes progression: shallow gradient-boosted trees with a small learning rate."""
from sklearn.datasets import load_diabetes
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.model_selection import KFold, cross_val_score

X, y = load_diabetes(return_X_y=True, as_frame=True)
model = GradientBoostingRegressor(n_estimators=300, learning_rate=0.03, max_depth=2, subsample=0.8, random_state=0)
cv = KFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=cv, scoring="neg_root_mean_squared_error")
print(f"VALIDATION_SCORE: {-scores.mean():.4f}")
model.fit(X, y)
