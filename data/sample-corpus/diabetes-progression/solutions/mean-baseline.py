"""Diabetes progression: predict the training mean, as a baseline."""
from sklearn.datasets import load_diabetes
from sklearn.dummy import DummyRegressor
from sklearn.model_selection import KFold, cross_val_score

X, y = load_diabetes(return_X_y=True, as_frame=True)
model = DummyRegressor(strategy="mean")
cv = KFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=cv, scoring="neg_root_mean_squared_error")
print(f"VALIDATION_SCORE: {-scores.mean():.4f}")
model.fit(X, y)
