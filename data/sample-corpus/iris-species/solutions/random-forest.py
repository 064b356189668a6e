"""Iris species: a random forest on the raw measurements plus two ratio features."""
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score

X, y = load_iris(return_X_y=True, as_frame=True)
X["petal_ratio"] = X["petal length (cm)"] / X["petal width (cm)"]
X["sepal_ratio"] = X["sepal length (cm)"] / X["sepal width (cm)"]
model = RandomForestClassifier(n_estimators=300, random_state=0)
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=cv, scoring="accuracy")
print(f"VALIDATION_SCORE: {scores.mean():.4f}")
model.fit(X, y)
