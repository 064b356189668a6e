"""Diabetes progression: distance-weighted k-nearest-neighbour regression."""
from sklearn.datasets import load_diabetes
from sklearn.model_selection import KFold, cross_val_score
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

X, y = load_diabetes(return_X_y=True, as_frame=True)
model = make_pipeline(StandardScaler(), KNeighborsRegressor(n_neighbors=15, weights="distance"))
cv = KFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=cv, scoring="neg_root_mean_squared_error")
print(f"VALIDATION_SCORE: {-scores.mean():.4f}")
model.fit(X, y)
